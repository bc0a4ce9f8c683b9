package dev.jollama.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Stops logging for every command until `logs on`; what is logged stays until `logs rm`. */
@Command(name = "off", description = "Stop logging exchanges (saved chats are still saved).")
public final class LogsOffCommand implements Callable<Integer> {

    @ParentCommand
    LogsCommand parent;

    @Override
    public Integer call() {
        var log = parent.root().services().client().log();
        log.enable(false);
        long kept = log.count();
        parent.root()
                .console()
                .info("logging is off; " + (kept == 1 ? "the 1 entry kept stays" : "the " + kept + " entries kept stay")
                        + " until `jollama logs rm --all`");
        return 0;
    }
}
