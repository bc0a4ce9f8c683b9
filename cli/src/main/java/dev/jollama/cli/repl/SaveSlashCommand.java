package dev.jollama.cli.repl;

final class SaveSlashCommand implements SlashCommand {

    @Override
    public String name() {
        return "save";
    }

    @Override
    public String arguments() {
        return "NAME";
    }

    @Override
    public String description() {
        return "save this chat as NAME (it is saved after every turn from then on)";
    }

    @Override
    public boolean run(ReplSession session, String args) {
        if (args.isEmpty()) {
            session.error("usage: /save NAME");
            return true;
        }
        try {
            session.rename(args);
            session.println("saved as " + args + " (jollama chat --resume " + args + ")");
        } catch (dev.jollama.core.error.JollamaException e) {
            session.error(e.getMessage());
        }
        return true;
    }
}
