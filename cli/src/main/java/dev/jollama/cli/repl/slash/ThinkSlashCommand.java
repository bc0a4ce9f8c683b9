package dev.jollama.cli.repl.slash;

import dev.jollama.core.daemon.Capabilities;
import dev.jollama.core.daemon.ThinkValue;
import dev.jollama.core.error.JollamaException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "think",
        description = "Thinking on or off, or a level (low, medium, high, max), for thinking models; none: show it.")
final class ThinkSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(arity = "0..1", paramLabel = "on|off|LEVEL", completionCandidates = Values.class)
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
        if (value == null) {
            root.context.println(
                    "thinking: " + shown(root.context.chat().settings().think()) + " (/think on|off|LEVEL)");
            return;
        }
        set(root.context, value);
    }

    /** {@code /think VALUE}, {@code /set think [LEVEL]}, {@code /set nothink}. */
    static void set(SlashContext context, String value) {
        var chat = context.chat();
        String model = chat.settings().model();
        Object think;
        try {
            think = ThinkValue.parse(value, "/think");
            // Refused before any request: a model that cannot think would fail every message after.
            Capabilities.requireThinking(chat.service().daemon(), model, think, "/think " + value);
        } catch (JollamaException e) {
            context.error(e.getMessage());
            return;
        }
        Object sent = ThinkValue.forModel(model, think, context::println);
        chat.switchTo(chat.settings().withThink(sent));
        context.println("thinking " + shown(sent));
    }

    /** "on", "off", a level, or "model default" when the chat never said. */
    static String shown(Object think) {
        return think == null ? "model default" : think instanceof String level ? level : (Boolean) think ? "on" : "off";
    }
}
