package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "save", description = "Save this chat as NAME (saved after every turn from then on).")
final class SaveSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(paramLabel = "NAME", description = "Letters, digits, '.', '_' and '-'.")
    String name;

    @Override
    public void run() {
        root.context.chat().rename(name);
        root.context.println("saved as " + name + " (jollama chat --resume " + name + ")");
    }
}
