package dev.jollama.cli.command;

import dev.jollama.cli.completion.DynamicValues;
import dev.jollama.core.error.InvalidInputException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Deletes saved chats. */
@Command(name = "rm", description = "Delete saved chats.")
public final class SessionsRmCommand implements Callable<Integer> {

    @ParentCommand
    SessionsCommand parent;

    @Parameters(
            arity = "1..*",
            paramLabel = "NAME",
            completionCandidates = DynamicValues.Session.class,
            description = "Saved chats to delete.")
    List<String> names;

    @Override
    public Integer call() {
        var console = parent.root().console();
        var store = parent.store();
        String missing = null;
        for (String name : names) {
            if (store.delete(name)) {
                console.info("deleted " + name);
            } else {
                missing = name;
                console.warn("no saved chat '" + name + "' in " + store.dir());
            }
        }
        if (missing != null) {
            throw new InvalidInputException(null);
        }
        return 0;
    }
}
