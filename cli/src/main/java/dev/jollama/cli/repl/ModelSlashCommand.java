package dev.jollama.cli.repl;

final class ModelSlashCommand implements SlashCommand {

    @Override
    public String name() {
        return "model";
    }

    @Override
    public String arguments() {
        return "NAME";
    }

    @Override
    public String description() {
        return "switch to another model (or profile), keeping the conversation";
    }

    @Override
    public boolean run(ReplSession session, String args) {
        if (args.isEmpty()) {
            session.println("model: " + session.settings().model());
            return true;
        }
        var config = session.services().config();
        if (config.profiles().containsKey(args)) {
            session.useProfile(config.profiles().get(args));
        } else {
            session.settings(new dev.jollama.core.chat.ChatSettings(
                    null,
                    args,
                    session.settings().system(),
                    session.settings().options(),
                    session.settings().format(),
                    session.settings().think(),
                    session.settings().keepAlive()));
        }
        return true;
    }
}
