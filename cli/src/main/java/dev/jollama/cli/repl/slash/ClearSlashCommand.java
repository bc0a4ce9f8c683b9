package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "clear", description = "Start afresh with the same settings; the conversation so far stays saved.")
final class ClearSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Override
    public void run() {
        String old = root.context.chat().clear();
        root.context.println(
                old == null
                        ? "conversation cleared"
                        : "conversation cleared; the one before stays saved as " + old + " (/load " + old + ")");
    }
}
