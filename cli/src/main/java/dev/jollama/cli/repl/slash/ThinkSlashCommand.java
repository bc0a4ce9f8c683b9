package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "think", description = "Thinking on or off, for thinking models.")
final class ThinkSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(paramLabel = "on|off", converter = OnOff.class, completionCandidates = OnOff.Values.class)
    boolean on;

    @Override
    public void run() {
        root.context.chat().switchTo(root.context.chat().settings().withThink(on));
        root.context.println("thinking " + (on ? "on" : "off"));
    }
}
