package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "copy", description = "Put the last answer on the clipboard (wl-copy, xclip, xsel, pbcopy).")
final class CopySlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Option(names = "--osc52", description = "Through the terminal (OSC 52) instead, if your terminal allows it.")
    boolean osc52;

    @Override
    public void run() {
        root.context.copyLastAnswer(osc52);
    }
}
