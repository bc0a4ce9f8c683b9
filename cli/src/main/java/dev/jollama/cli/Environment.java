package dev.jollama.cli;

import java.io.InputStream;
import java.time.Clock;
import java.util.Map;

/**
 * What the process was started with: environment variables, which standard streams are terminals,
 * stdin, and the clock. Tests build one by hand; {@link #system()} reads the real one.
 */
public record Environment(
        Map<String, String> variables,
        boolean stdinIsTerminal,
        boolean stdoutIsTerminal,
        boolean stderrIsTerminal,
        InputStream stdin,
        Clock clock) {

    /**
     * The launcher passes {@code -Djollama.tty=IOE} (one letter per stream that is a terminal), because
     * Java 17 cannot tell which of stdin and stdout is the terminal; without it, fall back to
     * {@code System.console()}, which says only "all of them" or "not all".
     */
    public static Environment system() {
        return system(Clock.systemDefaultZone());
    }

    /** The real one with {@code clock}: {@code --version} takes the UTC clock, which reads no time-zone data. */
    public static Environment system(Clock clock) {
        String tty = System.getProperty("jollama.tty");
        if (tty == null) {
            tty = TerminalStreams.probe(); // a native image has no launcher to ask: Linux says per stream
        }
        boolean console = tty == null && System.console() != null;
        return new Environment(
                System.getenv(),
                tty != null ? tty.contains("I") : console,
                tty != null ? tty.contains("O") : console,
                tty != null ? tty.contains("E") : console,
                System.in,
                clock);
    }

    public String get(String name) {
        return variables.get(name);
    }
}
