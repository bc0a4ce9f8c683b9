package dev.jollama.cli;

import dev.jollama.cli.command.JollamaCommand;
import dev.jollama.cli.error.ErrorHandler;
import picocli.CommandLine;

/** Builds the command line; the same tree serves {@link Main}, the tests and the chat REPL. */
public final class Cli {

    private Cli() {}

    public static CommandLine commandLine(Environment env) {
        JollamaCommand root = new JollamaCommand(env);
        CommandLine cmd = new CommandLine(root);
        ErrorHandler errors = new ErrorHandler(root::verbose);
        // Handlers apply only to subcommands registered already, so they are set last.
        cmd.setExecutionExceptionHandler(errors);
        cmd.setParameterExceptionHandler(errors);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        // "@schema.json" is a value of --format, not a file of arguments to splice in.
        cmd.setExpandAtFiles(false);
        return cmd;
    }
}
