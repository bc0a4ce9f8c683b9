package dev.jollama.cli.repl.slash;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "edit",
        description = "Write the message in $VISUAL or $EDITOR (Ctrl-X Ctrl-E too); what you save is sent.")
final class EditSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(arity = "0..*", paramLabel = "TEXT", description = "A start for the message, as typed.")
    List<String> words = new ArrayList<>();

    @Override
    public void run() {
        root.context.edit(root.rest);
    }
}
