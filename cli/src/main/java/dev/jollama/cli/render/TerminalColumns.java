package dev.jollama.cli.render;

import java.io.File;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The terminal's width for a one-shot command, which has no line editor to ask: {@code $COLUMNS} when
 * exported, else {@code stty size} on the controlling terminal (a few milliseconds, asked once, only
 * when markdown is rendered), else 80.
 */
public final class TerminalColumns {

    private TerminalColumns() {}

    public static int of(Map<String, String> env) {
        String columns = env.get("COLUMNS");
        if (columns != null) {
            try {
                int n = Integer.parseInt(columns.strip());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to stty
            }
        }
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
        return 80;
    }
}
