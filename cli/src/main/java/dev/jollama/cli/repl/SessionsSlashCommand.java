package dev.jollama.cli.repl;

final class SessionsSlashCommand implements SlashCommand {

    @Override
    public String name() {
        return "sessions";
    }

    @Override
    public String description() {
        return "list saved chats, newest first";
    }

    @Override
    public boolean run(ReplSession session, String args) {
        var names = session.store().names();
        if (names.isEmpty()) {
            session.println("no saved chats in " + session.store().dir());
        }
        names.forEach(n -> session.println("  " + n + (n.equals(session.sessionName()) ? "  (this chat)" : "")));
        return true;
    }
}
