package dev.jollama.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Turns logging back on for every command. */
@Command(name = "on", description = "Log exchanges again (the default).")
public final class LogsOnCommand implements Callable<Integer> {

    @ParentCommand
    LogsCommand parent;

    @Override
    public Integer call() {
        parent.root().services().client().log().enable(true);
        if (!parent.root().services().settings().log(false)) {
            parent.root()
                    .console()
                    .warn("logs on is stored, but the config's \"log\": false still keeps every command from"
                            + " logging: remove it (jollama config edit)");
            return 0;
        }
        parent.root()
                .console()
                .info("logging exchanges to "
                        + parent.root().services().client().databaseFile());
        return 0;
    }
}
