package dev.jollama.cli.render;

import java.io.File;
import java.util.concurrent.TimeUnit;

/**
 * The terminal's width for a one-shot command, which has no line editor to ask: {@code $COLUMNS} when
 * exported, else {@code stty size} on the controlling terminal (a few milliseconds, asked once, only
 * when markdown is rendered), else 80.
 */
public final class TerminalColumns {

    private TerminalColumns() {}

    /**
     * The width now and after every resize: SIGWINCH marks it stale, and the next line asks {@code
     * stty size} again, so a streamed answer wraps at the new width from its next line.
     */
    public static java.util.function.IntSupplier live(Integer columnsVariable) {
        int[] columns = {of(columnsVariable)};
        java.util.concurrent.atomic.AtomicBoolean resized = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), signal -> resized.set(true));
        } catch (IllegalArgumentException unavailable) {
            // no SIGWINCH here: the width stays as it was at the start
        }
        return () -> {
            if (resized.getAndSet(false)) {
                columns[0] = fromStty(columns[0]);
            }
            return columns[0];
        };
    }

    /** {@code COLUMNS} when it is set to a width, else what {@code stty size} says, else 80. */
    public static int of(Integer columnsVariable) {
        if (columnsVariable != null && columnsVariable > 0) {
            return columnsVariable;
        }
        return fromStty(80);
    }

    private static int fromStty(int fallback) {
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (stty.waitFor(1, TimeUnit.SECONDS)) {
                String[] rowsCols =
                        new String(stty.getInputStream().readAllBytes()).strip().split("\\s+");
                if (rowsCols.length == 2) {
                    return Integer.parseInt(rowsCols[1]);
                }
            } else {
                stty.destroyForcibly();
            }
        } catch (Exception noTerminal) {
            // no stty, or no controlling terminal
        }
        return fallback;
    }
}
