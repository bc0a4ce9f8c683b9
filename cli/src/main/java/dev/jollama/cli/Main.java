package dev.jollama.cli;

import dev.jollama.cli.error.ErrorHandler;
import dev.jollama.cli.render.Console;
import dev.jollama.core.error.ExitCode;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/** Builds the command line, runs it, exits: nothing else. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        boolean verbose = List.of(args).contains("-v") || List.of(args).contains("--verbose");
        // A thread of jollama's own that dies (a batch worker) says so in one line, as the main one does.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> fail(e, verbose));
        int code;
        try {
            code = run(args);
        } catch (Throwable e) {
            // Before or after the command line runs (it hands its own failures to ErrorHandler).
            fail(e, verbose);
            code = ExitCode.DAEMON_ERROR.code();
        }
        System.exit(code);
    }

    private static int run(String[] args) {
        // The most common probe of an install answers without building the command line.
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // The daemon's version too, when one answers within VersionProvider.DAEMON_WAIT.
            Services services =
                    new Services(Environment.system(java.time.Clock.systemUTC()), GlobalOptions.NONE, line -> {});
            for (String line : dev.jollama.cli.command.VersionProvider.lines(services)) {
                System.out.println(line);
            }
            return 0;
        }
        String unreadable = unreadableArguments(args);
        if (unreadable != null) {
            System.err.println(unreadable);
            System.exit(dev.jollama.core.error.ExitCode.USAGE.code());
        }
        InstalledDocs.useInstalled();
        CommandLine cmd = Cli.commandLine(Environment.system(), args);
        // UTF-8 whatever the platform default, unbuffered by System.out's own lock-per-call printing.
        cmd.setOut(new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8)));
        cmd.setErr(new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8)));
        int code;
        try {
            code = cmd.execute(args);
        } catch (OutOfMemoryError e) {
            // Picocli hands errors on; the heap is spent, so one line, as for any other failure.
            cmd.getErr()
                    .println("jollama: out of memory (a " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                            + " MiB heap): give the JVM more with JOLLAMA_JAVA_OPTS=-Xmx…, or keep less of each"
                            + " answer with JOLLAMA_MAX_ANSWER");
            code = dev.jollama.core.error.ExitCode.DAEMON_ERROR.code();
        }
        cmd.getOut().flush();
        cmd.getErr().flush();
        return code;
    }

    /** One line on stderr, the trace only with --verbose: never the JVM's own report. */
    private static void fail(Throwable e, boolean verbose) {
        String message = ErrorHandler.message(e);
        if (message != null) {
            System.err.println(Console.PREFIX + message);
        }
        if (verbose) {
            e.printStackTrace();
        }
        System.err.flush();
    }

    /**
     * Outside a UTF-8 locale the JVM decodes the arguments before main() with the locale's character
     * set, ASCII under LANG unset: "é" is U+FFFD by now. The installed launcher picks a UTF-8 locale;
     * run any other way, such arguments are refused rather than sent mangled.
     */
    static String unreadableArguments(String[] args) {
        String charset = System.getProperty("sun.jnu.encoding", "UTF-8");
        if (charset.replace("-", "").equalsIgnoreCase("UTF8")) {
            return null;
        }
        for (String arg : args) {
            if (arg.indexOf('\uFFFD') >= 0) {
                return "jollama: an argument holds characters this locale (" + charset + ") cannot read, and they"
                        + " arrived as U+FFFD: nothing was sent; run jollama in a UTF-8 locale (LANG=C.UTF-8), as"
                        + " its launcher does";
            }
        }
        return null;
    }
}
