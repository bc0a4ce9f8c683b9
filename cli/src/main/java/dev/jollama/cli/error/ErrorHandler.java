package dev.jollama.cli.error;

import dev.jollama.cli.render.Console;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.error.JollamaException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
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
    private final UnaryOperator<String> shown;

    /** {@code shown}: how the daemon's text in an error may appear on stderr ({@code Console#forErr}). */
    public ErrorHandler(BooleanSupplier verbose, UnaryOperator<String> shown) {
        this.verbose = verbose;
        this.shown = shown;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        ExitCode code = exitCode(e);
        String message = message(e);
        if (message != null) {
            err.println(Console.PREFIX + shown.apply(message));
        }
        if (verbose.getAsBoolean() && code != ExitCode.OUTPUT_CLOSED) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(shown.apply(trace.toString())); // its messages hold the daemon's text too
        }
        err.flush();
        return code.code();
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        // One line, as every error: what was wrong, and where the usage is.
        err.println(Console.PREFIX + shown.apply(UsageError.describe(e)) + "; see '"
                + cmd.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCode.USAGE.code();
    }

    /** The code of any failure: the shell's own ({@link ExitException}, a closed stdout), else core's. */
    public static ExitCode exitCode(Throwable e) {
        if (e instanceof ExitException x) {
            return x.exitCode();
        }
        if (e instanceof OutputClosedException) {
            return ExitCode.OUTPUT_CLOSED;
        }
        return ExitCode.of(e);
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
