package dev.jollama.core.error;

/**
 * jollama's exit codes, the same for every command and documented in the README, and the one mapping
 * from a failure to its code: commands, the chat fed by a script and batch's error lines all use it.
 */
public enum ExitCode {
    OK(0, "success"),
    DAEMON_ERROR(1, "the daemon or the model reported an error, or the answer is incomplete"),
    USAGE(2, "usage error: a wrong option, argument or input"),
    MODEL_NOT_FOUND(3, "the model is not installed, or the registry has no such model"),
    INVALID_CONFIG(4, "the configuration file or a setting is invalid, or a file of jollama's is not a regular file"),
    WONT_FIT(5, "the model will not fit in this machine's memory (jollama fit)"),
    TOOL_REFUSED(6, "a tool call was refused: no terminal to ask on, and no --allow for it (docs/tools.md)"),
    UNREACHABLE(69, "the daemon is not reachable"),
    INTERRUPTED(130, "interrupted (Ctrl-C)"),
    /** Not returned by a command: the JVM's status after SIGTERM, once the request is cancelled. */
    TERMINATED(143, "terminated (SIGTERM)"),
    OUTPUT_CLOSED(141, "stdout was closed by the reader (for example `| head -1`); nothing is printed");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The code of a failure raised by core; anything that is not a {@link JollamaException} is 1. */
    public static ExitCode of(Throwable e) {
        if (e instanceof CancelledException) {
            return INTERRUPTED;
        }
        if (e instanceof ToolRefusedException) {
            return TOOL_REFUSED;
        }
        if (e instanceof ModelNotFoundException) {
            return MODEL_NOT_FOUND;
        }
        if (e instanceof DaemonUnreachableException) {
            return UNREACHABLE;
        }
        if (e instanceof InvalidConfigException) {
            return INVALID_CONFIG;
        }
        if (e instanceof InvalidInputException
                || e instanceof ContextOverflowException
                || e instanceof UnsupportedByEngineException) {
            return USAGE;
        }
        return DAEMON_ERROR;
    }
}
