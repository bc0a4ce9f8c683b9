package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "compact",
        description = "Have the model summarise the older turns: the summary is sent in their place from now on,"
                + " the last exchanges as they are; every turn stays in the saved chat. The chat does it by"
                + " itself before a message would not fit (config \"compact\": \"auto\").")
final class CompactSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Override
    public void run() {
        root.context.compact();
    }
}
