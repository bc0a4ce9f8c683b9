package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "retry",
        description = "Answer your last message again (after an error, Ctrl-C, or for another answer).")
final class RetrySlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Override
    public void run() {
        root.context.retry();
    }
}
