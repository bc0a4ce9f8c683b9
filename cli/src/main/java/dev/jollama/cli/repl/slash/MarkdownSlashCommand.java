package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "markdown", description = "Render answers as markdown (on), or show them as written (off).")
final class MarkdownSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(paramLabel = "on|off", converter = OnOff.class, completionCandidates = OnOff.Values.class)
    boolean on;

    @Override
    public void run() {
        root.context.markdown(on);
        root.context.println("markdown " + (on ? "on" : "off"));
    }
}
