package dev.jollama.cli.repl;

final class RetrySlashCommand implements SlashCommand {

    @Override
    public String name() {
        return "retry";
    }

    @Override
    public String description() {
        return "answer your last message again";
    }

    @Override
    public boolean run(ReplSession session, String args) {
        session.retry();
        return true;
    }
}
