package dev.jollama.cli.repl.slash;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.ModelNotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "load",
        description =
                "Continue a saved chat (this one stays saved); a model's name instead, as in ollama run: switch to it.")
final class LoadSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(
            paramLabel = "NAME",
            completionCandidates = SessionNames.class,
            description = "A saved chat (/sessions), else an installed model or a profile.")
    String name;

    @Override
    public void run() {
        SlashContext c = root.context;
        if (!savedChat(c, name)) {
            String kind = modelOrProfile(c, name);
            if (kind == null) {
                c.error("no saved chat '" + name + "' and no installed model by that name: /sessions lists the"
                        + " chats, /model the models");
                return;
            }
            // ollama run's /load takes a model: the same switch as /model, said as such.
            ModelSlashCommand.switchTo(root, name, "no saved chat '" + name + "'; it is " + kind + ", so: ");
            return;
        }
        c.chat().load(name);
        root.byHand.forget();
        c.println("loaded " + name + ": "
                + ShowSlashCommand.plural(c.chat().conversation().turns().size(), "message") + " with "
                + c.chat().settings().model());
        c.preload();
    }

    private static boolean savedChat(SlashContext c, String name) {
        try {
            return c.chat().store().exists(name);
        } catch (InvalidInputException notAChatName) {
            return false; // "llama3.2:8b" cannot name a chat file
        }
    }

    /** "a profile", "an installed model", or null when it is neither. */
    private static String modelOrProfile(SlashContext c, String name) {
        if (c.services().config().profiles().containsKey(name)) {
            return "a profile";
        }
        try {
            c.chat().service().daemon().show(name);
            return "an installed model";
        } catch (ModelNotFoundException e) {
            return null;
        }
    }

    /** Filled in by the completer from the chat's store; Picocli needs a no-argument class here. */
    static final class SessionNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Collections.emptyIterator();
        }
    }
}
