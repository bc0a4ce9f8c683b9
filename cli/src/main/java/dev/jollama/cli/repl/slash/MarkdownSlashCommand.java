package dev.jollama.cli.repl.slash;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "markdown",
        description = "Render answers as markdown (on), or show them as written (off); none: show which.")
final class MarkdownSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(arity = "0..1", paramLabel = "on|off", completionCandidates = OnOff.Values.class)
    String word;

    @Override
    public void run() {
        if (word != null) {
            // Read here: Picocli takes an optional boolean as true/false only, and a wrong word as unmatched.
            Boolean on = OnOff.read(root.context, "markdown", word);
            if (on == null) {
                return;
            }
            root.context.markdown(on);
        }
        root.context.println("markdown " + (root.context.markdown() ? "on" : "off"));
    }
}
