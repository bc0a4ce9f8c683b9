package dev.jollama.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which of stdin, stdout and stderr are terminals, read from {@code /proc/self/fd} where the JVM's own
 * {@code System.console()} can only say "all of them" or "not all": what the launcher script tells the
 * JVM build with {@code -Djollama.tty}, for the native image, which starts without it (a piped stdout
 * with stdin on a terminal must not be taken for a chat).
 */
final class TerminalStreams {

    private TerminalStreams() {}

    /** "IOE"-style letters of the streams that are terminals, or null where /proc cannot tell. */
    static String probe() {
        StringBuilder letters = new StringBuilder();
        String[] names = {"I", "O", "E"};
        for (int fd = 0; fd < 3; fd++) {
            Path link = Path.of("/proc/self/fd/" + fd);
            String target;
            try {
                target = Files.readSymbolicLink(link).toString();
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return null; // not Linux, or no /proc: let System.console() decide
            }
            if (isTerminal(target)) {
                letters.append(names[fd]);
            }
        }
        return letters.toString();
    }

    static boolean isTerminal(String device) {
        return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
    }
}
