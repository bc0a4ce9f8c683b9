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
            // The daemon's version too, when one answers within VersionProvider.DAEMON_WAIT.
            Services services =
                    new Services(Environment.system(java.time.Clock.systemUTC()), GlobalOptions.NONE, line -> {});
            for (String line : dev.jollama.cli.command.VersionProvider.lines(services)) {
                System.out.println(line);
            }
            System.exit(0);
        }
        CommandLine cmd = Cli.commandLine(Environment.system(), args);
        // UTF-8 whatever the platform default, unbuffered by System.out's own lock-per-call printing.
        cmd.setOut(new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8)));
        cmd.setErr(new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8)));
        int code = cmd.execute(args);
        cmd.getOut().flush();
        cmd.getErr().flush();
        System.exit(code);
    }
}
