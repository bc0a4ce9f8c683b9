package dev.jollama.cli.command;

import dev.jollama.cli.render.Console;
import dev.jollama.core.settings.ConfigFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Writes a commented starting config; never replaces an existing one unless told to. */
@Command(name = "init", description = "Write a commented starting config file (refuses to overwrite one).")
public final class ProfilesInitCommand implements Callable<Integer> {

    @ParentCommand
    ProfilesCommand parent;

    @Option(names = "--force", description = "Replace an existing config file.")
    boolean force;

    @Override
    public Integer call() {
        JollamaCommand root = parent.root();
        Console console = root.console();
        Path path = root.services().settings().configLocation().path();
        ConfigFile.writeStarter(path, force);
        console.info("wrote " + path);
        return 0;
    }
}
