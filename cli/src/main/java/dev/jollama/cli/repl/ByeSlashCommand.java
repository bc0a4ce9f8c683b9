package dev.jollama.cli.repl;

final class ByeSlashCommand implements SlashCommand {

    @Override
    public String name() {
        return "bye";
    }

    @Override
    public String description() {
        return "leave (Ctrl-D too); the chat stays saved";
    }

    @Override
    public boolean run(ReplSession session, String args) {
        return false;
    }
}
