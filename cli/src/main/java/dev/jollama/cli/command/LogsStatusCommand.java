package dev.jollama.cli.command;

import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Whether exchanges are logged, where, and how much is kept. */
@Command(name = "status", description = "Say whether exchanges are logged, where, and how many are kept.")
public final class LogsStatusCommand implements Callable<Integer> {

    @ParentCommand
    LogsCommand parent;

    @Override
    public Integer call() {
        var client = parent.root().services().client();
        var log = client.log();
        var console = parent.root().console();
        String state = !parent.root().services().settings().log(false)
                ? "off (\"log\": false in the config)"
                : log.enabled() ? "on" : "off (jollama logs off)";
        long size;
        try {
            size = Files.size(client.databaseFile());
        } catch (java.io.IOException e) {
            size = 0;
        }
        console.println("logging: " + state);
        console.println("database: " + client.databaseFile() + " (" + dev.jollama.core.text.ByteSize.human(size) + ")");
        console.println("entries: " + log.count());
        return 0;
    }
}
