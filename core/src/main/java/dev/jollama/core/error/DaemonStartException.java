package dev.jollama.core.error;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * jollama tried to start {@code ollama serve} and no daemon answers: it is not installed, it exited, or
 * it did not answer in time. Never retried: the start already waited as long as it should.
 */
public final class DaemonStartException extends DaemonUnreachableException {

    public static final String INSTALL_HINT = "install it from https://ollama.com/download (on Linux:"
            + " curl -fsSL https://ollama.com/install.sh | sh), or start the daemon yourself";

    private DaemonStartException(URI host, String message, Throwable cause) {
        super(host, message, cause, false);
    }

    public static DaemonStartException notInstalled(URI host) {
        return new DaemonStartException(
                host,
                "Ollama is not reachable at " + host + " and cannot be started: `ollama` is not on PATH;\n"
                        + INSTALL_HINT,
                null);
    }

    public static DaemonStartException cannotRun(URI host, Path command, Exception cause) {
        return new DaemonStartException(host, "cannot start " + command + " serve: " + cause.getMessage(), cause);
    }

    public static DaemonStartException exited(URI host, long pid, int status, Path log, List<String> tail) {
        return new DaemonStartException(
                host,
                "ollama serve (pid " + pid + ") exited with status " + status + " before answering at " + host
                        + lastLines(log, tail),
                null);
    }

    public static DaemonStartException noAnswer(URI host, long pid, Duration waited, Path log, List<String> tail) {
        return new DaemonStartException(
                host,
                "ollama serve (pid " + pid + ") did not answer at " + host + " within "
                        + dev.jollama.core.text.Durations.human(waited) + ", so it was stopped (\"daemon\":"
                        + " {\"startTimeout\": …} in the config waits longer)" + lastLines(log, tail),
                null);
    }

    /** The port is free, yet the daemon jollama started earlier still runs: a second one would be lost. */
    public static DaemonStartException notAnswering(URI host, long pid, String itsHost) {
        return new DaemonStartException(
                host,
                "Ollama is not reachable at " + host + ", and the ollama serve jollama started for " + itsHost
                        + " (pid " + pid + ") still runs: stop it with `jollama serve --stop`, then try again",
                null);
    }

    private static String lastLines(Path log, List<String> tail) {
        if (tail.isEmpty()) {
            return "; its log " + log + " is empty";
        }
        return "; the last lines of its log " + log + ":\n  " + String.join("\n  ", tail);
    }
}
