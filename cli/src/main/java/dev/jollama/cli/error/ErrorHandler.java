package dev.jollama.cli.error;

import dev.jollama.cli.render.Console;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.text.Excerpt;
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
 * and a stack trace only with {@code --verbose}. JVM errors ({@link OutOfMemoryError} and the rest)
 * come here too, through {@link #execution}: one line and exit 1, like any failure.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** However long what a message quotes, the line stays readable: its start, and how much more. */
    private static final int MAX_MESSAGE = 2000;

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
            err.println(Console.PREFIX + shown.apply(Excerpt.of(message, MAX_MESSAGE)));
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

    /**
     * Picocli's execution with JVM errors handed to this handler: Picocli passes on only exceptions, and
     * an {@link Error} leaving {@code execute} would print the JVM's stack trace.
     */
    public static CommandLine.IExecutionStrategy execution() {
        CommandLine.IExecutionStrategy last = new CommandLine.RunLast();
        return parseResult -> {
            try {
                return last.execute(parseResult);
            } catch (Error e) {
                throw new CommandLine.ExecutionException(
                        parseResult.commandSpec().commandLine(), e.toString(), e);
            }
        };
    }

    /** The one line for a failure; null when nothing is to be said (a cancel, a closed stdout). */
    public static String message(Throwable e) {
        if (e instanceof CommandLine.ExecutionException x && x.getCause() instanceof Error error) {
            e = error;
        }
        if (e instanceof OutputClosedException || e instanceof CancelledException) {
            return null;
        }
        if (e instanceof JollamaException || e instanceof ExitException) {
            return e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "): the JVM's heap was too small for this input or answer;"
                    + " JAVA_TOOL_OPTIONS=-Xmx2g gives it more";
        }
        return "internal error: " + e + " (run with --verbose for details)";
    }
}
