package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "stats",
        description = "Tokens, tokens/s and time after each answer (also /set verbose|quiet); none: show it.")
final class StatsSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(arity = "0..1", paramLabel = "on|off", completionCandidates = OnOff.Values.class)
    String word;

    @Override
    public void run() {
        if (word != null) {
            // Read here: Picocli takes an optional boolean as true/false only, and a wrong word as unmatched.
            Boolean on = OnOff.read(root.context, "stats", word);
            if (on == null) {
                return;
            }
            root.context.stats(on);
        }
        root.context.println("stats " + (root.context.stats() ? "on" : "off"));
    }
}
