package dev.jollama.cli.repl.slash;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "system", description = "Set the system prompt (also /set system TEXT); with no text, remove it.")
final class SystemSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    // Declared for help and completion; the text is taken as typed (root.rest), quotes and spaces kept.
    @Parameters(arity = "0..*", paramLabel = "TEXT", description = "The prompt, the rest of the line as typed.")
    List<String> words = new ArrayList<>();

    @Override
    public void run() {
        set(root, root.rest);
    }

    /** {@code /system TEXT} and {@code /set system TEXT}: blank text removes the prompt. */
    static void set(SlashRoot root, String typed) {
        SlashContext c = root.context;
        String text = typed.isBlank() ? null : typed;
        boolean had = c.chat().settings().system() != null;
        c.chat().switchTo(c.chat().settings().withSystem(text));
        root.byHand.system();
        c.println(text != null ? "system prompt set" : had ? "system prompt removed" : "no system prompt set");
    }
}
