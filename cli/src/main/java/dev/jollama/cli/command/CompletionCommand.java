package dev.jollama.cli.command;

import dev.jollama.cli.Cli;
import dev.jollama.cli.completion.BashScript;
import dev.jollama.cli.completion.FishScript;
import dev.jollama.cli.completion.ZshScript;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Prints a shell's completion script; install.sh installs them where the shells look. */
@Command(
        name = "completion",
        description = {
            "Print the completion script for bash, zsh or fish.",
            "bash: source <(jollama completion bash); zsh: jollama completion zsh > \"${fpath[1]}/_jollama\";"
                    + " fish: jollama completion fish > ~/.config/fish/completions/jollama.fish"
        })
public final class CompletionCommand implements Callable<Integer> {

    /** The shells there is a script for. */
    public enum Shell {
        bash,
        zsh,
        fish
    }

    @ParentCommand
    JollamaCommand root;

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @Override
    public Integer call() {
        // This process registered only this command (Cli builds what the arguments name): the script
        // describes the whole tree.
        CommandLine whole = Cli.commandLine(root.services().env());
        String script =
                switch (shell) {
                    case bash -> BashScript.of(whole);
                    case zsh -> ZshScript.of(whole);
                    case fish -> FishScript.of(whole);
                };
        root.console().print(script);
        return 0;
    }
}
