package dev.jollama.cli.error;

import dev.jollama.cli.render.TerminalText;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.ModelNotFoundException;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place where failures become a line on stderr and an exit code: {@code jollama: <what>},
 * and a stack trace only with {@code --verbose}.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    private final BooleanSupplier verbose;
    private final BooleanSupplier neutralise;

    /** {@code neutralise}: whether stderr is a terminal that must not act on the daemon's error texts. */
    public ErrorHandler(BooleanSupplier verbose, BooleanSupplier neutralise) {
        this.verbose = verbose;
        this.neutralise = neutralise;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        ExitCode code = exitCode(e);
        String message = message(e);
        if (message != null) {
            err.println("jollama: " + shown(message));
        }
        if (verbose.getAsBoolean() && code != ExitCode.OUTPUT_CLOSED) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(shown(trace.toString())); // its messages hold the daemon's text too
        }
        err.flush();
        return code.code();
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String hint = "";
        if (e instanceof CommandLine.UnmatchedArgumentException u
                && !u.getSuggestions().isEmpty()) {
            hint = " (did you mean '" + u.getSuggestions().get(0) + "'?)";
        }
        err.println("jollama: " + shown(e.getMessage() + hint));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE.code();
    }

    private String shown(String message) {
        return neutralise.getAsBoolean() ? TerminalText.neutralise(message) : message;
    }

    static ExitCode exitCode(Throwable e) {
        if (e instanceof ExitException x) {
            return x.exitCode();
        }
        if (e instanceof OutputClosedException) {
            return ExitCode.OUTPUT_CLOSED;
        }
        if (e instanceof CancelledException) {
            return ExitCode.INTERRUPTED;
        }
        if (e instanceof ModelNotFoundException) {
            return ExitCode.MODEL_NOT_FOUND;
        }
        if (e instanceof DaemonUnreachableException) {
            return ExitCode.UNREACHABLE;
        }
        if (e instanceof InvalidConfigException) {
            return ExitCode.INVALID_CONFIG;
        }
        if (e instanceof InvalidInputException) {
            return ExitCode.USAGE;
        }
        return ExitCode.DAEMON_ERROR;
    }

    private static String message(Throwable e) {
        if (e instanceof OutputClosedException || e instanceof CancelledException) {
            return null;
        }
        if (e instanceof JollamaException || e instanceof ExitException) {
            return e.getMessage();
        }
        return "internal error: " + e + " (run with --verbose for details)";
    }
}
