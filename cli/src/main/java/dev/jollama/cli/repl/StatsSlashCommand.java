package dev.jollama.cli.repl;

final class StatsSlashCommand implements SlashCommand {

    @Override
    public String name() {
        return "stats";
    }

    @Override
    public String arguments() {
        return "on|off";
    }

    @Override
    public String description() {
        return "tokens, tokens/s and time after each answer";
    }

    @Override
    public boolean run(ReplSession session, String args) {
        Boolean on = OnOff.parse(args);
        if (on == null) {
            session.error("usage: /stats on|off");
        } else {
            session.stats(on);
            session.println("stats " + (on ? "on" : "off"));
        }
        return true;
    }
}
