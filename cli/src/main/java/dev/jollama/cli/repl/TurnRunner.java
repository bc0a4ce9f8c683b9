package dev.jollama.cli.repl;

import dev.jollama.cli.render.StatsLine;
import dev.jollama.cli.render.WaitIndicator;
import dev.jollama.core.chat.Chat;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.http.Cancellation;
import java.util.function.BiFunction;
import org.jline.terminal.Terminal;

/**
 * Runs one turn of the chat on the terminal: Ctrl-C stops the answer (and only the answer), the answer
 * streams through a {@link WrappingPrinter}, a failure is one line and the message is kept.
 */
final class TurnRunner {

    private WaitIndicator current = WaitIndicator.none();
    private boolean toolRefused;

    private final Chat chat;
    private final ChatScreen screen;
    private boolean stats;
    private final long keep;

    /** {@code keep}: what the chat keeps of an answer (JOLLAMA_MAX_ANSWER), for the note past it. */
    TurnRunner(Chat chat, ChatScreen screen, long keep) {
        this.chat = chat;
        this.screen = screen;
        this.keep = keep;
    }

    boolean stats() {
        return stats;
    }

    void stats(boolean on) {
        stats = on;
    }

    private dev.jollama.core.chat.Attachments.Read pending;

    /** Files for the next message (/file). */
    void attach(dev.jollama.core.chat.Attachments.Read files) {
        if (pending == null) {
            pending = files;
            return;
        }
        // Each /file adds to what the next message carries.
        java.util.List<String> images = new java.util.ArrayList<>(pending.images());
        images.addAll(files.images());
        java.util.List<dev.jollama.core.chat.Attachments.Item> items = new java.util.ArrayList<>(pending.items());
        items.addAll(files.items());
        pending = new dev.jollama.core.chat.Attachments.Read(pending.text() + files.text(), images, items);
    }

    void send(String text) {
        dev.jollama.core.chat.Attachments.Read files = pending;
        pending = null;
        String message = files == null ? text : files.text() + text;
        java.util.List<String> images = files == null || files.images().isEmpty() ? null : files.images();
        run((listener, cancellation) -> chat.send(message, images, listener, cancellation));
    }

    /** Stops the waiting spinner of the turn in progress: a question or a tool's line is about to be shown. */
    void stopWaiting() {
        current.stop();
    }

    /** Whether a tool call was refused (nobody to ask): a piped chat then exits 6, as run does. */
    boolean toolRefused() {
        return toolRefused;
    }

    void retry() {
        run(chat::retry);
    }

    private void run(BiFunction<StreamListener, Cancellation, Completion> turn) {
        int dropped = chat.fitToContext();
        if (dropped > 0) {
            screen.println("(" + dropped
                    + (dropped == 1 ? " old message no longer fits" : " old messages no longer fit")
                    + " the " + chat.contextSize() + "-token context: kept in the saved chat, not sent; the system"
                    + " prompt is sent)");
        }
        ChatPrinter printer = screen.printer(
                !dev.jollama.core.daemon.ThinkValue.isOff(chat.settings().think()));
        Cancellation cancellation = new Cancellation();
        Terminal terminal = screen.terminal();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> cancellation.cancel());
        WaitIndicator waiting = current = screen.colour()
                ? WaitIndicator.start(
                        screen::drawTrusted,
                        "waiting for " + screen.shown(chat.settings().model()))
                : WaitIndicator.none();
        try {
            Completion done;
            try (waiting) {
                done = turn.apply(waiting.until(printer), cancellation);
            }
            printer.finish();
            if (done.wasCut()) {
                screen.println("(the answer was cut at the length limit: /set num_predict … or /set num_ctx …)");
            }
            if (done.truncated()) {
                String limit = dev.jollama.core.text.ByteSize.human(keep);
                screen.warn("the answer is longer than " + limit + ": shown in full, but the chat keeps only its first "
                        + limit + " (JOLLAMA_MAX_ANSWER raises the limit)");
            }
            if (stats) {
                screen.dim(StatsLine.of(done));
            }
            warnIfNearLimit();
        } catch (CancelledException e) {
            printer.finish();
            screen.println(
                    chat.conversation().last() != null
                                    && chat.conversation().last().isUser()
                            ? "[interrupted before any answer: /retry to ask again]"
                            : "[interrupted: the partial answer is kept; /retry for a new one]");
        } catch (InvalidInputException e) {
            printer.finish();
            screen.error(e.getMessage());
        } catch (JollamaException e) {
            printer.finish();
            if (e instanceof dev.jollama.core.error.ToolRefusedException) {
                toolRefused = true;
            }
            screen.error(e.getMessage() + " — your message is kept: /retry to send it again");
        } finally {
            current = WaitIndicator.none();
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }

    private void warnIfNearLimit() {
        int size = chat.contextSize();
        if (chat.lastUsage() > size * 0.85) {
            screen.println("(context " + chat.lastUsage() + "/" + size
                    + " tokens: the oldest messages will be dropped soon; /clear to start afresh)");
        }
    }
}
