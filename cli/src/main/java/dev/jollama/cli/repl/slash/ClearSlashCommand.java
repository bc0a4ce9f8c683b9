package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "clear", description = "Forget the conversation (the settings stay).")
final class ClearSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Override
    public void run() {
        root.context.chat().clear();
        root.context.println("conversation cleared");
    }
}
