package dev.jollama.cli.repl;

import dev.jollama.core.chat.ContextWindow;
import dev.jollama.core.json.Json;

final class ShowSlashCommand implements SlashCommand {

    @Override
    public String name() {
        return "show";
    }

    @Override
    public String description() {
        return "model, profile, options, system prompt and context used";
    }

    @Override
    public boolean run(ReplSession session, String args) {
        var s = session.settings();
        session.println("model:    " + s.model());
        session.println("profile:  " + (s.profile() == null ? "(none)" : s.profile()));
        session.println("options:  " + (s.options().isEmpty() ? "(none)" : Json.compact(s.options())));
        session.println("system:   " + (s.system() == null ? "(none)" : s.system()));
        session.println("thinking: " + (s.think() == null ? "model default" : s.think() ? "on" : "off"));
        ContextWindow w = session.window();
        session.println(
                "context:  " + session.lastUsage() + " of " + (w == null ? "unknown" : w.size()) + " tokens used");
        session.println("session:  " + session.sessionName() + " ("
                + session.conversation().turns().size() + " messages)");
        return true;
    }
}
