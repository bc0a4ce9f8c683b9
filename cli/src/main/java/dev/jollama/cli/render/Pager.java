package dev.jollama.cli.render;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Long text on a terminal through the user's pager ($PAGER, default {@code less -R}), as git does:
 * with {@code LESS=FRX} unless LESS is set, so that text that fits on one screen is printed and left
 * there. No pager (PAGER=cat, or one that cannot start) means the text is written as it is.
 */
public final class Pager {

    private final String command;

    /** {@code command}: the pager's command line, as the settings give it. */
    public Pager(String command) {
        this.command = command == null ? "" : command.strip();
    }

    /** Shows {@code trusted} (made harmless already) through the pager, or on the console without one. */
    public void show(Console console, String trusted) {
        List<String> words = command.isEmpty() ? List.of() : List.of(command.split("\\s+"));
        if (words.isEmpty() || words.get(0).equals("cat")) {
            console.writeTrusted(trusted);
            console.flush();
            return;
        }
        ProcessBuilder pager = new ProcessBuilder(words)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pager.environment().putIfAbsent("LESS", "FRX");
        Process process;
        try {
            process = pager.start();
        } catch (IOException e) {
            console.writeTrusted(trusted);
            console.flush();
            return;
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write(trusted.getBytes(StandardCharsets.UTF_8));
        } catch (IOException quitEarly) {
            // The user left the pager before the end: nothing more to show.
        }
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
    }
}
