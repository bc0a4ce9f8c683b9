package dev.jollama.cli.repl;

final class SystemSlashCommand implements SlashCommand {

    @Override
    public String name() {
        return "system";
    }

    @Override
    public String arguments() {
        return "TEXT";
    }

    @Override
    public String description() {
        return "set the system prompt (empty: remove it)";
    }

    @Override
    public boolean run(ReplSession session, String args) {
        session.settings(session.settings().withSystem(args.isEmpty() ? null : args));
        session.println(args.isEmpty() ? "system prompt removed" : "system prompt set");
        return true;
    }
}
