package dev.jollama.cli.command;

import dev.jollama.cli.render.Console;
import dev.jollama.core.settings.ConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Writes a commented starting config; never replaces an existing one unless told to. */
@Command(
        name = "init",
        description = "Write a commented starting config file (an existing one is left as it is; --force replaces it,"
                + " keeping it as config.json.bak).")
public final class ProfilesInitCommand implements Callable<Integer> {

    @ParentCommand
    ProfilesCommand parent;

    @Option(names = "--force", description = "Replace an existing config file, keeping it as config.json.bak.")
    boolean force;

    @Override
    public Integer call() {
        JollamaCommand root = parent.root();
        Console console = root.console();
        Path path = root.services().settings().configLocation().path();
        if (Files.exists(path) && !force) {
            // Nothing is wrong: the config is there, as asked. Say how to start over.
            console.note("config " + path + " already exists: left as it is (`jollama profiles init --force`"
                    + " replaces it with the starter, keeping it as " + path.getFileName() + ".bak)");
            return 0;
        }
        Path backup = ConfigFile.writeStarter(path, force);
        console.info("wrote " + path + (backup != null ? " (the old one is " + backup + ")" : ""));
        return 0;
    }
}
