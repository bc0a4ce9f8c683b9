package dev.jollama.cli;

import dev.jollama.cli.command.JollamaCommand;
import dev.jollama.cli.error.ErrorHandler;
import dev.jollama.core.error.ExitCode;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Builds the command line; the same tree serves {@link Main}, the tests and the chat REPL. */
public final class Cli {

    /** Global options that take a value, so the value is not mistaken for a command name. */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("--host", "--config", "--api");

    private Cli() {}

    /** The whole tree, every subcommand registered. */
    public static CommandLine commandLine(Environment env) {
        return build(env, JollamaCommand.SUBCOMMANDS);
    }

    /**
     * The tree for these arguments: only the subcommand they name, when they name one. Building
     * Picocli's model of every command costs tens of milliseconds that a one-shot call should not pay
     * (docs/performance.md); --help alone, or an unknown name, still gets the whole tree.
     */
    public static CommandLine commandLine(Environment env, String[] args) {
        Class<?> named = named(args);
        boolean whole = named == null || named == CommandLine.HelpCommand.class; // `help X` needs X
        return build(env, whole ? JollamaCommand.SUBCOMMANDS : List.of(named));
    }

    private static CommandLine build(Environment env, List<Class<?>> subcommands) {
        JollamaCommand root = new JollamaCommand(env);
        CommandLine cmd = new CommandLine(root);
        for (Class<?> sub : subcommands) {
            cmd.addSubcommand(new CommandLine(sub));
        }
        java.util.Map<String, String> exitCodes = new java.util.LinkedHashMap<>();
        for (ExitCode code : ExitCode.values()) {
            // The README's "docs/tools.md" is the installed docs' tools.md here (Picocli does not
            // interpolate this list as it does JollamaCommand.DOCS in descriptions).
            exitCodes.put(
                    Integer.toString(code.code()),
                    code.meaning().replace("docs/", System.getProperty("jollama.docs", "docs") + "/"));
        }
        cmd.getCommandSpec()
                .usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodes);
        ErrorHandler errors =
                new ErrorHandler(root::verbose, text -> root.console().forErr(text));
        // Handlers apply only to subcommands registered already, so they are set last.
        CommandLine.IExecutionStrategy execution = ErrorHandler.execution();
        cmd.setExecutionStrategy(parseResult -> {
            try {
                return execution.execute(parseResult);
            } finally {
                root.finish();
            }
        });
        cmd.setExecutionExceptionHandler(errors);
        cmd.setParameterExceptionHandler(errors);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        // "@schema.json" is a value of --format, not a file of arguments to splice in.
        cmd.setExpandAtFiles(false);
        return cmd;
    }

    private static Class<?> named(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
                continue;
            }
            if (arg.startsWith("-")) {
                continue;
            }
            for (Class<?> sub : JollamaCommand.SUBCOMMANDS) {
                Command c = sub.getAnnotation(Command.class);
                if (c.name().equals(arg) || List.of(c.aliases()).contains(arg)) {
                    return sub;
                }
            }
            return null;
        }
        return null;
    }
}
