package dev.jollama.cli.repl.slash;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "help", aliases = "?", description = "This list; /help NAME for one command.")
final class HelpSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "A command, without its slash.")
    String name;

    @Override
    public void run() {
        CommandLine tree = spec.parent().commandLine();
        if (name != null) {
            CommandLine one = tree.getSubcommands().get(name.startsWith("/") ? name.substring(1) : name);
            if (one == null) {
                root.context.error("no command /" + name + ": /help lists them");
                return;
            }
            // Picocli writes the parent's name and a space before the command's: "/ set" reads "/set".
            root.context.println(one.getUsageMessage(CommandLine.Help.Ansi.OFF)
                    .stripTrailing()
                    .replaceFirst("^Usage: / ", "Usage: /"));
            return;
        }
        for (String line : SlashCommandLine.summary(tree)) {
            root.context.println(line);
        }
        root.context.println("  \"\"\" … \"\"\"              a message of several lines; Alt-Enter inserts a newline");
        root.context.println("  Ctrl-C stops an answer; Ctrl-D or /bye leaves; Ctrl-R searches the history");
        root.context.println("  ollama run's forms work too: /set parameter, /set system, /set verbose, /show info,"
                + " /load MODEL… (/help set, /help show)");
    }
}
