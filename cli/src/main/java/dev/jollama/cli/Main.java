package dev.jollama.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Builds the command line, runs it, exits: nothing else. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // The most common probe of an install answers without building the command line.
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            System.out.println(new dev.jollama.cli.command.VersionProvider().getVersion()[0]);
            System.exit(0);
        }
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
        System.exit(code);
    }
}
