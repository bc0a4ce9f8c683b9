package dev.jollama.cli.command;

import dev.jollama.cli.render.YesNo;
import dev.jollama.core.error.InvalidInputException;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Prunes the log; saved chats are not touched (sessions rm removes a chat and its entries). */
@Command(name = "rm", description = "Remove log entries: older than an age, or all of them.")
public final class LogsRmCommand implements Callable<Integer> {

    @ParentCommand
    LogsCommand parent;

    static final class Which {
        @Option(
                names = "--older-than",
                paramLabel = "AGE",
                required = true,
                description = "Entries older than an age (30d, 12h, 2w) or a date (2026-11-01).")
        String olderThan;

        @Option(names = "--all", required = true, description = "Every entry (asks on a terminal).")
        boolean all;
    }

    @ArgGroup(multiplicity = "1")
    Which which;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask: needed for --all without a terminal.")
    boolean yes;

    @Override
    public Integer call() {
        var root = parent.root();
        var console = root.console();
        var env = root.services().env();
        var log = root.services().client().log();
        if (which.all && !yes) {
            if (!env.stdinIsTerminal() || !env.stderrIsTerminal()) {
                throw new InvalidInputException(
                        "logs rm --all removes every entry: add --yes to do it without a" + " terminal to ask on");
            }
            if (!YesNo.ask(console, env.stdin(), "Remove all " + log.count() + " log entries?")) {
                console.info("nothing removed");
                return 0;
            }
        }
        int removed = log.remove(which.all ? null : LogsCommand.moment(which.olderThan, env.clock(), "--older-than"));
        console.info("removed " + removed + (removed == 1 ? " entry" : " entries"));
        return 0;
    }
}
