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

    @picocli.CommandLine.Option(
            names = "--force",
            description = "Download even if it will not fit this machine (as `jollama pull --force`).")
    boolean force;

    @Override
    public void run() {
        root.context.pull(name, force);
    }
}
