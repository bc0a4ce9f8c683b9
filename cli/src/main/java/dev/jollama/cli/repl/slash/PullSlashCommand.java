package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "pull", description = "Download a model (Ctrl-C stops); then /model NAME to use it.")
final class PullSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(paramLabel = "NAME", description = "A model tag, as in the Ollama library.")
    String name;

    @Override
    public void run() {
        root.context.pull(name);
    }
}
