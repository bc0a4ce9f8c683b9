package dev.jollama.cli.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Where the config file is, for {@code $EDITOR "$(jollama config path)"} and the like. */
@Command(name = "path", description = "Print the config file's path (it may not exist yet: `jollama config edit`).")
public final class ConfigPathCommand implements Callable<Integer> {

    @ParentCommand
    ConfigCommand config;

    @Override
    public Integer call() {
        var root = config.root;
        Path path = root.services().settings().configLocation().path();
        var console = root.console();
        console.println(path.toString());
        if (!Files.exists(path)) {
            console.note("(not created yet; `jollama config edit` or `jollama profiles init` makes it)");
        }
        return 0;
    }
}
