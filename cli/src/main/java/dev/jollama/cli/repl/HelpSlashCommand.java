package dev.jollama.cli.repl;

final class HelpSlashCommand implements SlashCommand {

    private final SlashCommands commands;

    HelpSlashCommand(SlashCommands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String description() {
        return "this list";
    }

    @Override
    public boolean run(ReplSession session, String args) {
        for (SlashCommand c : commands.all()) {
            String usage = "/" + c.name() + (c.arguments().isEmpty() ? "" : " " + c.arguments());
            session.println(String.format("  %-22s %s", usage, c.description()));
        }
        session.println("  \"\"\" … \"\"\"              a message of several lines; Alt-Enter inserts a newline");
        session.println("  Ctrl-C stops an answer; Ctrl-D or /bye leaves; Ctrl-R searches the history");
        return true;
    }
}
