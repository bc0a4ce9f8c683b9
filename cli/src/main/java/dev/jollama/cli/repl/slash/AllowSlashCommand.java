package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "allow", description = "Let a tool run without asking from now on, as --allow does (globs: fs__*).")
final class AllowSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public void run() {
        root.context.allowTool(name);
    }
}
