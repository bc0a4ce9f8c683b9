package dev.jollama.cli.repl;

import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.TerminalText;
import java.io.PrintWriter;
import java.util.function.Consumer;
import org.jline.terminal.Terminal;

/**
 * What the chat shows on its terminal: lines, errors, notices above the prompt. Anything quoted from
 * the daemon or a file goes through {@link TerminalText} unless {@code --raw}; jollama's own colours
 * go out as they are.
 */
final class ChatScreen {

    private final Terminal terminal;
    private final boolean colour;
    private final boolean raw;
    private Consumer<String> notice = this::printTrusted;
    private final PrintWriter errors;
    private int errorCount;

    /**
     * {@code errors}: where error lines go when the chat is not interactive (input piped in): stderr,
     * as for every other command; null on a terminal, where they are part of the conversation.
     */
    ChatScreen(Terminal terminal, boolean colour, boolean raw, PrintWriter errors) {
        this.terminal = terminal;
        this.colour = colour;
        this.raw = raw;
        this.errors = errors;
    }

    /** How many errors were shown: a piped chat with any exits 1. */
    int errorCount() {
        return errorCount;
    }

    Terminal terminal() {
        return terminal;
    }

    boolean colour() {
        return colour;
    }

    /** Where notices go while the user types: above the prompt, once the reader is running. */
    void noticeTo(Consumer<String> sink) {
        this.notice = sink;
    }

    /** A line on the terminal; what it quotes from the daemon or a file is shown harmlessly. */
    void println(String line) {
        printTrusted(shown(line));
    }

    void error(String line) {
        errorCount++;
        if (errors != null) {
            errors.println(Console.PREFIX + shown(line));
            errors.flush();
            return;
        }
        printTrusted(colour ? "\u001b[31m" + Console.PREFIX + shown(line) + "\u001b[0m" : Console.PREFIX + shown(line));
    }

    /** Something the user must know that is not an error (the chat went on under a new name): stderr when piped. */
    void warn(String line) {
        if (errors != null) {
            errors.println(Console.PREFIX + shown(line));
            errors.flush();
            return;
        }
        printTrusted(Console.PREFIX + shown(line));
    }

    void dim(String line) {
        printTrusted(colour ? "\u001b[2m" + shown(line) + "\u001b[0m" : shown(line));
    }

    /** A line that may arrive while the user types (a model finished loading). */
    void notice(String line) {
        notice.accept(shown(line));
    }

    /** Text drawn as it is, without a newline: jollama's own redraws (the wait indicator). */
    void drawTrusted(String text) {
        PrintWriter out = terminal.writer();
        out.print(text);
        out.flush();
    }

    void printTrusted(String line) {
        PrintWriter out = terminal.writer();
        out.println(line);
        out.flush();
    }

    String shown(String text) {
        return raw ? text : TerminalText.neutralise(text);
    }

    private boolean markdown = true;

    void markdown(boolean on) {
        markdown = on;
    }

    boolean markdown() {
        return markdown;
    }

    /**
     * A printer for one answer: rendered markdown on a real terminal (unless off or --raw), else the
     * text as written, wrapped at the terminal's width as it is at each new line.
     */
    ChatPrinter printer(boolean showThinking) {
        boolean dumb =
                Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
        if (!markdown || raw || dumb) {
            return new WrappingPrinter(terminal.writer(), terminal::getWidth, colour, showThinking, !raw);
        }
        var sink = dev.jollama.cli.render.markdown.MarkdownPrinter.Sink.of(
                text -> terminal.writer().print(text), () -> terminal.writer().flush());
        var printer = new dev.jollama.cli.render.markdown.MarkdownPrinter(
                sink, terminal::getWidth, colour, !raw, showThinking ? sink : null);
        return new ChatPrinter() {
            @Override
            public void onContent(String text) {
                printer.onContent(text);
            }

            @Override
            public void onThinking(String text) {
                printer.onThinking(text);
            }

            @Override
            public void onPause() {
                printer.onPause();
            }

            @Override
            public void finish() {
                printer.finish();
            }
        };
    }
}
