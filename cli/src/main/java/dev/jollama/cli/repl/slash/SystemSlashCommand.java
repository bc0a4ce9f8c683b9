package dev.jollama.cli.repl.slash;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "system", description = "Set the system prompt; with no text, remove it.")
final class SystemSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    // Declared for help and completion; the text is taken as typed (root.rest), quotes and spaces kept.
    @Parameters(arity = "0..*", paramLabel = "TEXT", description = "The prompt, the rest of the line as typed.")
    List<String> words = new ArrayList<>();

    @Override
    public void run() {
        SlashContext c = root.context;
        String text = root.rest.isBlank() ? null : root.rest;
        c.chat().switchTo(c.chat().settings().withSystem(text));
        c.println(text == null ? "system prompt removed" : "system prompt set");
    }
}
