package dev.jollama.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Where the log (and the saved chats) live: for sqlite3, backups, or a quick `ls -l`. */
@Command(name = "path", description = "Print the path of jollama's database (the log and the saved chats).")
public final class LogsPathCommand implements Callable<Integer> {

    @ParentCommand
    LogsCommand parent;

    @Override
    public Integer call() {
        parent.root()
                .console()
                .println(parent.root().services().client().settledDatabaseFile().toString());
        return 0;
    }
}
