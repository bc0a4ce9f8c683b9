package dev.jollama.cli.repl.slash;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "tools",
        description =
                "The tools the model may call and which run without asking; /tools on|off NAME turns one on or off.")
final class ToolsSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    // Words, parsed here: "on"/"off" then a name, so that a wrong word is our message, not Picocli's.
    @Parameters(arity = "0..2", paramLabel = "on|off NAME", completionCandidates = OnOff.Values.class)
    List<String> words = new ArrayList<>();

    @Override
    public void run() {
        if (words.isEmpty()) {
            root.context.showTools();
            return;
        }
        Boolean on;
        try {
            on = new OnOff().convert(words.get(0));
        } catch (RuntimeException e) {
            root.context.error("/tools takes on|off NAME, not '" + words.get(0) + "' (/tools lists them)");
            return;
        }
        if (words.size() < 2) {
            root.context.error("/tools " + (on ? "on" : "off") + " wants a tool's name (/tools lists them)");
            return;
        }
        root.context.turnTool(words.get(1), on);
    }
}
