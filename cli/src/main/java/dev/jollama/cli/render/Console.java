package dev.jollama.cli.render;

import dev.jollama.cli.error.OutputClosedException;
import java.io.PrintWriter;

/**
 * Where a command writes: stdout for the answer or result only, stderr for everything else. A write
 * to a stdout whose reader is gone ({@code | head -1}) ends the command quietly.
 */
public final class Console {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean outIsTerminal;
    private final boolean errIsTerminal;
    private final boolean colour;

    public Console(PrintWriter out, PrintWriter err, boolean outIsTerminal, boolean errIsTerminal, boolean colour) {
        this.out = out;
        this.err = err;
        this.outIsTerminal = outIsTerminal;
        this.errIsTerminal = errIsTerminal;
        this.colour = colour;
    }

    /** Part of the result, flushed at once so a reader sees it as it comes. */
    public void print(String text) {
        out.print(text);
        flush();
    }

    /** Part of the result, left in the buffer until {@link #flush()}: for a stream of many small chunks. */
    public void write(String text) {
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
        err.println(line);
        err.flush();
    }

    public void warn(String line) {
        info("jollama: warning: " + line);
    }

    /** Text on stderr without a newline, for progress lines redrawn in place. */
    public void errPrint(String text) {
        err.print(text);
        err.flush();
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
