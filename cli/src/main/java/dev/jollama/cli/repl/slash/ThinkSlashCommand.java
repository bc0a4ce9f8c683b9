package dev.jollama.cli.repl.slash;

import dev.jollama.core.daemon.Capabilities;
import dev.jollama.core.daemon.ThinkValue;
import dev.jollama.core.error.JollamaException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "think", description = "Thinking on or off, or a level (low, medium, high, max), for thinking models.")
final class ThinkSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(paramLabel = "on|off|LEVEL", completionCandidates = Values.class)
    String value;

    /** What Tab offers. */
    static final class Values implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("on", "off", "low", "medium", "high", "max").iterator();
        }
    }

    @Override
    public void run() {
        var chat = root.context.chat();
        String model = chat.settings().model();
        Object think;
        try {
            think = ThinkValue.parse(value, "/think");
            // Refused before any request: a model that cannot think would fail every message after.
            Capabilities.requireThinking(chat.service().daemon(), model, think, "/think " + value);
        } catch (JollamaException e) {
            root.context.error(e.getMessage());
            return;
        }
        Object sent = ThinkValue.forModel(model, think, root.context::println);
        chat.switchTo(chat.settings().withThink(sent));
        root.context.println("thinking " + (sent instanceof String level ? level : (Boolean) sent ? "on" : "off"));
    }
}
