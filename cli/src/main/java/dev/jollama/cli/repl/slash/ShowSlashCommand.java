package dev.jollama.cli.repl.slash;

import dev.jollama.cli.render.ModelInfoView;
import dev.jollama.core.chat.Chat;
import dev.jollama.core.chat.Turn;
import dev.jollama.core.daemon.ModelInfo;
import dev.jollama.core.json.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "show",
        description = {
            "Model, profile, options, system prompt, attachments and what the next message will send.",
            "As in ollama run: /show info|license|modelfile|parameters|system|template (what the daemon says of the model)."
        })
final class ShowSlashCommand implements Runnable {

    /** ollama run's /show words, in its order. */
    static final List<String> WHAT = List.of("info", "license", "modelfile", "parameters", "system", "template");

    @ParentCommand
    SlashRoot root;

    @Parameters(
            arity = "0..1",
            paramLabel = "WHAT",
            completionCandidates = What.class,
            description = "info, license, modelfile, parameters, system or template; none: this chat.")
    String what;

    @Override
    public void run() {
        if (what == null) {
            chat();
            return;
        }
        if (!WHAT.contains(what)) {
            root.context.error("/show takes " + String.join(", ", WHAT) + " or nothing, not '" + what + "'");
            return;
        }
        model(what);
    }

    /** What the daemon says of the chat's model, as {@code ollama run}'s /show WHAT prints it. */
    private void model(String what) {
        SlashContext c = root.context;
        var s = c.chat().settings();
        ModelInfo info = c.chat().service().daemon().show(s.model());
        switch (what) {
            case "info" -> ModelInfoView.render(info).lines().forEach(c::println);
            case "license" -> lines(info.license(), "no license was given for " + s.model());
            case "modelfile" -> lines(info.modelfile(), "the daemon gave no Modelfile for " + s.model());
            case "parameters" -> {
                c.println("the model's parameters:");
                if (blank(info.parameters())) {
                    c.println("  (none)");
                } else {
                    ModelInfoView.parameters(info.parameters(), "  ").lines().forEach(c::println);
                }
                c.println("set in this chat (sent with each message):");
                if (s.options().isEmpty()) {
                    c.println("  (none: /set KEY VALUE)");
                } else {
                    s.options().forEach((k, v) -> c.println(String.format("  %-30s %s", k, v)));
                }
            }
            case "system" -> {
                if (s.system() != null) {
                    lines(s.system(), "");
                } else {
                    lines(info.system(), "no system prompt set (the model has none either): /system TEXT sets one");
                }
            }
            case "template" -> lines(info.template(), "no prompt template was given for " + s.model());
            default -> throw new IllegalStateException(what);
        }
    }

    private void lines(String text, String none) {
        if (blank(text)) {
            root.context.println(none);
            return;
        }
        text.stripTrailing().lines().forEach(root.context::println);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private void chat() {
        SlashContext c = root.context;
        Chat chat = c.chat();
        var s = chat.settings();
        c.println("model:    " + s.model());
        c.println("profile:  " + (s.profile() == null ? "(none)" : s.profile()));
        c.println("options:  " + (s.options().isEmpty() ? "(none)" : Json.compact(s.options())));
        c.println("system:   " + (s.system() == null ? "(none)" : s.system()));
        c.println("thinking: " + ThinkSlashCommand.shown(s.think()));
        var sent = chat.conversation().sendable();
        // A new message replaces a trailing unanswered question: it is not among what goes out.
        int sendable =
                sent.size() - (!sent.isEmpty() && sent.get(sent.size() - 1).isUnanswered() ? 1 : 0);
        var conversation = chat.conversation();
        String summary = conversation.summary() == null
                ? ""
                : " after a summary of " + plural(conversation.summarised(), "older message") + " (/compact)";
        c.println("context:  " + chat.contextDescription() + "; the next message sends "
                + plural(sendable, "earlier message") + summary + ", about " + chat.nextRequestTokens() + " tokens"
                + (chat.lastUsage() > 0 ? " (the last answer used " + chat.lastUsage() + " by the daemon's count)" : "")
                + "; older turns are " + (chat.autoCompact() ? "compacted" : "left out") + " when it is full"
                + (chat.settings().truncate() ? " (--truncate: Ollama may cut the start)" : ""));
        List<String> attached = c.attached();
        if (attached.isEmpty()) {
            c.println("attached: (none: /file PATH attaches one to the next message)");
        } else {
            c.println("attached: to the next message (/drop N or /drop all removes them):");
            for (int i = 0; i < attached.size(); i++) {
                c.println("  " + (i + 1) + ". " + attached.get(i));
            }
        }
        long failed =
                chat.conversation().turns().stream().filter(Turn::isUnanswered).count();
        c.println("session:  " + (chat.name() == null ? "(not saved until the first message)" : chat.name()) + " ("
                + plural(chat.conversation().turns().size(), "message")
                + (failed > 0 ? ", " + failed + " unanswered, not sent" : "") + ")");
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** What Tab offers. */
    static final class What implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return WHAT.iterator();
        }
    }
}
