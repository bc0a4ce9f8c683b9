package dev.jollama.core.hardware;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs an external tool with fixed arguments: never through a shell, always with a time limit. */
public interface ProcessRunner {

    /** The tool's stdout when it exits 0 in time; empty when it is missing, fails, or hangs. */
    Optional<String> run(List<String> command, Duration timeout);
}
