package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "stats", description = "Tokens, tokens/s and time after each answer.")
final class StatsSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(paramLabel = "on|off", converter = OnOff.class, completionCandidates = OnOff.Values.class)
    boolean on;

    @Override
    public void run() {
        root.context.stats(on);
        root.context.println("stats " + (on ? "on" : "off"));
    }
}
