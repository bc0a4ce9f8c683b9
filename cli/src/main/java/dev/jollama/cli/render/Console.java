package dev.jollama.cli.render;

import dev.jollama.cli.error.OutputClosedException;
import java.io.PrintWriter;

/**
 * Where a command writes: stdout for the answer or result only, stderr for everything else. A write
 * to a stdout whose reader is gone ({@code | head -1}) ends the command quietly.
 *
 * <p>What goes to a stream that is a terminal is shown through {@link TerminalText} unless {@code
 * --raw}: stdout carries only the daemon's text and results (jollama never colours it), and the
 * lines of {@link #info} may name what the daemon sent. Through a pipe the bytes are data and pass
 * unchanged. Only {@link #errPrint} is left alone, for jollama's own colours and redrawn progress.
 */
public final class Console {

    /** The one place the prefix of jollama's own lines on stderr is written. */
    public static final String PREFIX = "jollama: ";

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean outIsTerminal;
    private final boolean errIsTerminal;
    private final boolean colour;
    private final boolean raw;

    public Console(
            PrintWriter out,
            PrintWriter err,
            boolean outIsTerminal,
            boolean errIsTerminal,
            boolean colour,
            boolean raw) {
        this.out = out;
        this.err = err;
        this.outIsTerminal = outIsTerminal;
        this.errIsTerminal = errIsTerminal;
        this.colour = colour;
        this.raw = raw;
    }

    /** Part of the result, flushed at once so a reader sees it as it comes. */
    public void print(String text) {
        out.print(forOut(text));
        flush();
    }

    /** Part of the result, left in the buffer until {@link #flush()}: for a stream of many small chunks. */
    public void write(String text) {
        out.print(forOut(text));
    }

    /**
     * Text for stdout that jollama made itself (rendered markdown, its own escape sequences), passed
     * as it is: anything from the model in it must already have been made harmless.
     */
    public void writeTrusted(String text) {
        out.print(text);
    }

    public void flush() {
        // checkError() flushes, and is the only way a PrintWriter reports a closed pipe.
        if (out.checkError()) {
            throw new OutputClosedException();
        }
    }

    public void println(String line) {
        print(line + System.lineSeparator());
    }

    /** A line for the user on stderr: status, a warning, a hint. */
    public void info(String line) {
        err.println(forErr(line));
        err.flush();
    }

    /** A line of jollama's own on stderr: {@code jollama: <line>}. */
    public void note(String line) {
        info(PREFIX + line);
    }

    public void warn(String line) {
        note("warning: " + line);
    }

    /**
     * Text on stderr without a newline, for progress lines redrawn in place: passed as it is, so
     * anything from the daemon in it must go through {@link #forErr} first.
     */
    public void errPrint(String text) {
        err.print(text);
        err.flush();
    }

    /** Untrusted text as it may be shown on stderr. */
    public String forErr(String text) {
        return errIsTerminal && !raw ? TerminalText.neutralise(text) : text;
    }

    private String forOut(String text) {
        return outIsTerminal && !raw ? TerminalText.neutralise(text) : text;
    }

    public boolean outIsTerminal() {
        return outIsTerminal;
    }

    public boolean errIsTerminal() {
        return errIsTerminal;
    }

    /** Colours, spinners and progress bars: only on a terminal, and never with NO_COLOR. */
    public boolean colour() {
        return colour;
    }

    public String dim(String text) {
        return colour ? "\u001b[2m" + text + "\u001b[0m" : text;
    }
}
