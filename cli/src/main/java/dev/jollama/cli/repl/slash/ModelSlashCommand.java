package dev.jollama.cli.repl.slash;

import dev.jollama.core.chat.Chat;
import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.error.ModelNotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "model", description = "Switch to another model or profile, keeping the conversation.")
final class ModelSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(
            arity = "0..1",
            paramLabel = "NAME",
            description = "A model tag or a profile name; none: show the model.")
    String name;

    @Override
    public void run() {
        SlashContext c = root.context;
        Chat chat = c.chat();
        if (name == null) {
            c.println("model: " + chat.settings().model());
            return;
        }
        switchTo(c, chat.settings().switchedTo(c.services().config().profiles(), name));
    }

    /** Changes nothing unless the daemon has the model: a failed switch leaves the chat as it was. */
    static void switchTo(SlashContext c, ChatSettings next) {
        try {
            c.chat().switchTo(next);
        } catch (ModelNotFoundException e) {
            c.error("model '" + next.model() + "' is not installed: /pull " + next.model()
                    + " downloads it; still using " + c.chat().settings().model());
            return;
        }
        c.println("now using " + next.model() + (next.profile() != null ? " (profile " + next.profile() + ")" : ""));
        c.preload();
    }
}
