package dev.jollama.cli.repl;

import dev.jollama.core.chat.Session;
import dev.jollama.core.error.JollamaException;

final class LoadSlashCommand implements SlashCommand {

    @Override
    public String name() {
        return "load";
    }

    @Override
    public String arguments() {
        return "NAME";
    }

    @Override
    public String description() {
        return "continue a saved chat";
    }

    @Override
    public boolean run(ReplSession session, String args) {
        try {
            Session saved = session.store().load(args);
            session.replace(saved);
            session.println("loaded " + args + ": " + saved.messages().size() + " messages with " + saved.model());
        } catch (JollamaException e) {
            session.error(e.getMessage());
        }
        return true;
    }
}
