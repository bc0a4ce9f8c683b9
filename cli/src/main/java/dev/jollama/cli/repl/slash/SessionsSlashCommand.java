package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "sessions", description = "List saved chats, most recent first.")
final class SessionsSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Override
    public void run() {
        SlashContext c = root.context;
        var store = c.chat().store();
        var all = store.list();
        if (all.isEmpty()) {
            c.println("no saved chats in " + store.location());
        }
        for (var s : all) {
            String mine = s.name().equals(c.chat().name()) ? "  (this chat)" : "";
            c.println("  " + s.name()
                    + (s.problem() != null
                            ? "  (unreadable)"
                            : "  " + s.model() + ", " + ShowSlashCommand.plural(s.turns(), "message"))
                    + mine);
        }
    }
}
