package dev.jollama.cli.repl;

import dev.jollama.cli.render.StatsLine;
import dev.jollama.cli.render.WaitIndicator;
import dev.jollama.core.chat.Attachments;
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
        // Said when it happens, before the answer: the spinner stops so the two never share a line.
        chat.onContextNote(line -> {
            current.stop();
            screen.note(line);
        });
    }

    boolean stats() {
        return stats;
    }

    void stats(boolean on) {
        stats = on;
    }

    /** What the next message carries (/file), one file each, in the order attached. */
    private final java.util.List<Attachments.Read> pending = new java.util.ArrayList<>();

    /** Files for the next message (/file): each /file adds to what it carries. */
    void attach(java.util.List<Attachments.Read> files) {
        pending.addAll(files);
    }

    /** What the next message carries, in order. */
    java.util.List<Attachments.Item> attached() {
        return pending.stream().flatMap(r -> r.items().stream()).toList();
    }

    /** Drops the {@code index}th attachment (from 1), or all when null; returns what was dropped. */
    java.util.List<Attachments.Item> drop(Integer index) {
        java.util.List<Attachments.Item> dropped;
        if (index == null) {
            dropped = attached();
            pending.clear();
        } else {
            dropped = pending.remove(index - 1).items();
        }
        return dropped;
    }

    void send(String text) {
        Attachments.Read files = pending.isEmpty() ? null : Attachments.Read.join(pending);
        pending.clear();
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

    /** {@code /compact}: the older turns summarised by the model; Ctrl-C stops it, changing nothing. */
    void compact() {
        Cancellation cancellation = new Cancellation();
        Terminal terminal = screen.terminal();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> cancellation.cancel());
        WaitIndicator waiting = current = waitIndicator("summarising with ");
        try {
            dev.jollama.core.chat.Compaction.Result done;
            try (waiting) {
                done = chat.compact(cancellation);
            }
            if (done == null) {
                screen.println("nothing older to compact: the last exchanges are sent as they are");
            } else {
                screen.println("compacted " + done.turns() + " older " + (done.turns() == 1 ? "turn" : "turns")
                        + " into a summary of about " + done.summaryTokens() + " tokens; the next message sends about "
                        + chat.nextRequestTokens() + " of the " + chat.contextSize()
                        + "-token context (every turn stays in the saved chat)");
            }
        } catch (CancelledException e) {
            screen.println("[compaction interrupted: nothing changed]");
        } catch (JollamaException e) {
            screen.error(e.getMessage() + " — nothing was compacted");
        } finally {
            current = WaitIndicator.none();
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }

    /** The spinner while the model works, on a terminal with colours; none elsewhere. */
    private WaitIndicator waitIndicator(String doing) {
        return screen.colour()
                ? WaitIndicator.start(
                        screen::drawTrusted,
                        doing + screen.shown(chat.settings().model()))
                : WaitIndicator.none();
    }

    private void run(BiFunction<StreamListener, Cancellation, Completion> turn) {
        ChatPrinter printer = screen.printer(
                !dev.jollama.core.daemon.ThinkValue.isOff(chat.settings().think()));
        Cancellation cancellation = new Cancellation();
        Terminal terminal = screen.terminal();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> cancellation.cancel());
        WaitIndicator waiting = current = waitIndicator("waiting for ");
        try {
            Completion done;
            try (waiting) {
                done = turn.apply(waiting.until(printer), cancellation);
            }
            printer.finish();
            if (done.wasCut()) {
                screen.println("(the answer was cut at the length limit: /set num_predict … or /set num_ctx …"
                        + (chat.canCompact() ? ", or /compact to make room" : "") + ")");
            }
            String cut = chat.takeCutWarning();
            if (cut != null) {
                screen.warn(cut);
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
        } catch (InvalidInputException | dev.jollama.core.error.ContextOverflowException e) {
            printer.finish();
            screen.error(e.getMessage()); // an overflow says what to do; the message is kept for /retry
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
            screen.println("(context " + chat.lastUsage() + "/" + size + " tokens: "
                    + (chat.autoCompact()
                            ? "the older turns will be compacted into a summary soon; /compact does it now,"
                            : "the oldest messages will be left out soon; /compact summarises them instead,")
                    + " /clear starts afresh)");
        }
    }
}
