package dev.jollama.cli.error;

import dev.jollama.core.error.ExitCode;

/**
 * Ends a command with an exit code and, unless the message is null, one line on stderr. Commands throw
 * it instead of calling System.exit, so tests see the code.
 */
public final class ExitException extends RuntimeException {

    private final ExitCode exitCode;

    public ExitException(ExitCode exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
