package dev.jollama.cli.repl.slash;

import dev.jollama.core.chat.Chat;
import dev.jollama.core.chat.Turn;
import dev.jollama.core.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "show", description = "Model, profile, options, system prompt, and what the next message will send.")
final class ShowSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Override
    public void run() {
        SlashContext c = root.context;
        Chat chat = c.chat();
        var s = chat.settings();
        c.println("model:    " + s.model());
        c.println("profile:  " + (s.profile() == null ? "(none)" : s.profile()));
        c.println("options:  " + (s.options().isEmpty() ? "(none)" : Json.compact(s.options())));
        c.println("system:   " + (s.system() == null ? "(none)" : s.system()));
        c.println("thinking: "
                + (s.think() == null
                        ? "model default"
                        : s.think() instanceof String level ? level : (Boolean) s.think() ? "on" : "off"));
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
        long failed =
                chat.conversation().turns().stream().filter(Turn::isUnanswered).count();
        c.println("session:  " + (chat.name() == null ? "(not saved until the first message)" : chat.name()) + " ("
                + plural(chat.conversation().turns().size(), "message")
                + (failed > 0 ? ", " + failed + " unanswered, not sent" : "") + ")");
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
