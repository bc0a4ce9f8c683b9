package dev.jollama.cli.repl;

final class ThinkSlashCommand implements SlashCommand {

    @Override
    public String name() {
        return "think";
    }

    @Override
    public String arguments() {
        return "on|off";
    }

    @Override
    public String description() {
        return "thinking on or off, for thinking models";
    }

    @Override
    public boolean run(ReplSession session, String args) {
        Boolean on = OnOff.parse(args);
        if (on == null) {
            session.error("usage: /think on|off");
        } else {
            session.settings(session.settings().withThink(on));
            session.println("thinking " + (on ? "on" : "off"));
        }
        return true;
    }
}
