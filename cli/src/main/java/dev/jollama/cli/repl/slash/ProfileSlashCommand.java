package dev.jollama.cli.repl.slash;

import dev.jollama.core.text.NearestMatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "profile",
        description = "Use a profile's model, system prompt and options; what /set and /system set here stays.")
final class ProfileSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(paramLabel = "NAME", description = "A profile from the config (jollama profiles).")
    String name;

    @Override
    public void run() {
        SlashContext c = root.context;
        var profiles = c.services().config().profiles();
        if (!profiles.containsKey(name)) {
            c.error("no profile '" + name + "'" + NearestMatch.hint(name, profiles.keySet()) + "; profiles: "
                    + String.join(", ", profiles.keySet()));
            return;
        }
        ModelSlashCommand.switchTo(root, name, "");
    }
}
