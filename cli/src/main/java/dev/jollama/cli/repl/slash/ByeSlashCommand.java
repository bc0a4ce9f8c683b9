package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "bye", aliases = "exit", description = "Leave (Ctrl-D too); the chat stays saved.")
final class ByeSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Override
    public void run() {
        root.bye = true;
    }
}
