package dev.jollama.cli.repl;

import java.io.IOException;
import org.jline.reader.LineReader;
import org.jline.reader.Widget;
import org.jline.utils.NonBlockingReader;

/**
 * Keeps a paste fast on a terminal without bracketed paste. JLine redraws the whole line after every
 * key it handles, and a redraw costs the length of the line, so a paste of n characters cost n² (30,000
 * characters: ~45 s). Here a typed character takes every printable character already waiting with it
 * and inserts them at once, so there is one redraw per read from the terminal. A control character
 * (Enter, an escape sequence) is left for JLine to handle as usual.
 */
final class PasteSpeed {

    /** Longer than any paste needs; bounds the work done between two redraws. */
    private static final int MAX_BATCH = 1 << 20;

    private PasteSpeed() {}

    static void apply(LineReader reader) {
        Widget selfInsert = reader.getWidgets().get(LineReader.SELF_INSERT);
        NonBlockingReader input = reader.getTerminal().reader();
        reader.getWidgets().put(LineReader.SELF_INSERT, () -> {
            if (!selfInsert.apply()) {
                return false;
            }
            StringBuilder pending = new StringBuilder();
            try {
                while (pending.length() < MAX_BATCH) {
                    int next = input.peek(1L); // -2: nothing within 1 ms, -1: end of input
                    if (next < 0x20 || next == 0x7f) {
                        break;
                    }
                    pending.append((char) input.read());
                }
            } catch (IOException e) {
                // What was taken is inserted; the reader reports the failure on its next read.
            }
            if (!pending.isEmpty()) {
                reader.getBuffer().write(pending);
            }
            return true;
        });
    }
}
