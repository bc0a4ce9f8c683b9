package dev.jollama.cli.repl;

final class ClearSlashCommand implements SlashCommand {

    @Override
    public String name() {
        return "clear";
    }

    @Override
    public String description() {
        return "forget the conversation (settings stay)";
    }

    @Override
    public boolean run(ReplSession session, String args) {
        session.clear();
        session.println("conversation cleared");
        return true;
    }
}
