package dev.jollama.cli.repl;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Puts text on the system clipboard with the tool the desktop provides: wl-copy (Wayland), xclip or
 * xsel (X11), pbcopy (macOS), found on {@code $PATH}. The terminal's OSC 52 is never used unasked: it
 * lets a program write the clipboard, which is why jollama refuses it from a model's answer.
 */
final class Clipboard {

    private final Map<String, String> env;

    Clipboard(Map<String, String> env) {
        this.env = env;
    }

    /** Copies {@code text}; returns the tool's name, or null when there is none. */
    String copy(String text) throws IOException {
        for (List<String> command : candidates()) {
            File tool = onPath(command.get(0));
            if (tool != null) {
                List<String> line = new java.util.ArrayList<>(command);
                line.set(0, tool.getPath()); // as found on the user's PATH, not the JVM's
                Process p = new ProcessBuilder(line)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(text.getBytes(StandardCharsets.UTF_8));
                }
                try {
                    if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        throw new IOException(command.get(0) + " did not finish within 5 s");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
                if (p.exitValue() != 0) {
                    throw new IOException(command.get(0) + " exited with " + p.exitValue());
                }
                return command.get(0);
            }
        }
        return null;
    }

    private List<List<String>> candidates() {
        boolean wayland = env.get("WAYLAND_DISPLAY") != null;
        boolean x11 = env.get("DISPLAY") != null;
        return List.of(
                wayland ? List.of("wl-copy") : List.of("-"),
                x11 ? List.of("xclip", "-selection", "clipboard") : List.of("-"),
                x11 ? List.of("xsel", "--clipboard", "--input") : List.of("-"),
                List.of("pbcopy"));
    }

    private File onPath(String name) {
        if (name.equals("-")) {
            return null;
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (!dir.isEmpty() && f.canExecute()) {
                return f;
            }
        }
        return null;
    }

    /** The OSC 52 sequence that asks the terminal to set its clipboard to {@code text}. */
    static String osc52(String text) {
        return "\u001b]52;c;" + java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))
                + "\u0007";
    }
}
