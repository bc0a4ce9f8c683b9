package dev.jollama.cli.repl.slash;

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

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "on|off",
            converter = OnOff.class,
            completionCandidates = OnOff.Values.class)
    Boolean on;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME")
    String name;

    @Override
    public void run() {
        if (on == null) {
            root.context.showTools();
            return;
        }
        if (name == null) {
            root.context.error("/tools " + (on ? "on" : "off") + " wants a tool's name (/tools lists them)");
            return;
        }
        root.context.turnTool(name, on);
    }
}
