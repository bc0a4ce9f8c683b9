package dev.jollama.cli.command;

import dev.jollama.cli.completion.DynamicValues;
import dev.jollama.cli.render.YesNo;
import dev.jollama.core.chat.SessionStore;
import dev.jollama.core.error.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Deletes saved chats: by name, or in bulk (all, or those not used for a while) after a confirmation. */
@Command(
        name = "rm",
        description = {
            "Delete saved chats: by name, every one (--all), or those not used for a while (--older-than 30d).",
            "The bulk forms ask first on a terminal; without one they need --yes."
        })
public final class SessionsRmCommand implements Callable<Integer> {

    @ParentCommand
    SessionsCommand parent;

    @Parameters(
            arity = "0..*",
            paramLabel = "NAME",
            completionCandidates = DynamicValues.Session.class,
            description = "Saved chats to delete.")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "Delete every saved chat.")
    boolean all;

    @Option(
            names = "--older-than",
            paramLabel = "AGE",
            description = "Delete the chats last used longer ago than this: 30d, 2w, 12h.")
    String olderThan;

    @Option(
            names = {"-y", "--yes"},
            description = "Delete without asking (needed without a terminal).")
    boolean yes;

    @Override
    public Integer call() {
        int forms = (names.isEmpty() ? 0 : 1) + (all ? 1 : 0) + (olderThan != null ? 1 : 0);
        if (forms != 1) {
            throw new InvalidInputException(
                    forms == 0
                            ? "name the chats to delete, or give --all or --older-than AGE (jollama sessions lists them)"
                            : "give names, --all or --older-than, one of the three");
        }
        return names.isEmpty() ? bulk() : byName();
    }

    private int byName() {
        var console = parent.root().console();
        var store = parent.store();
        String missing = null;
        for (String name : names) {
            if (store.delete(name)) {
                console.info("deleted " + name);
            } else {
                missing = name;
                console.warn("no saved chat '" + name + "' in " + store.location());
            }
        }
        if (missing != null) {
            throw new InvalidInputException(null);
        }
        return 0;
    }

    private int bulk() {
        var root = parent.root();
        var console = root.console();
        var env = root.services().env();
        SessionStore store = parent.store();
        List<String> doomed;
        String which;
        if (all) {
            doomed = store.names();
            which = "every saved chat";
        } else {
            Instant before = LogsCommand.moment(olderThan, env.clock(), "--older-than");
            doomed = store.list().stream()
                    .filter(s -> s.updated() != null && s.updated().isBefore(before))
                    .map(SessionStore.Summary::name)
                    .toList();
            which = "the saved chats last used more than " + olderThan + " ago";
        }
        if (doomed.isEmpty()) {
            console.info("no saved chats to delete" + (all ? "" : " (none last used more than " + olderThan + " ago)"));
            return 0;
        }
        String count = doomed.size() == 1 ? "1 saved chat" : doomed.size() + " saved chats";
        if (!yes) {
            if (!(env.stdinIsTerminal() && env.stderrIsTerminal())) {
                throw new InvalidInputException("this deletes " + count + " (" + which + "): add --yes to do it"
                        + " without a terminal to ask on");
            }
            if (!YesNo.ask(console, env.stdin(), "Delete " + count + " (" + preview(doomed) + ")?")) {
                console.info("nothing deleted");
                return 0;
            }
        }
        int deleted = 0;
        for (String name : doomed) {
            if (store.delete(name)) {
                deleted++;
            }
        }
        console.info(
                "deleted " + (deleted == 1 ? "1 saved chat" : deleted + " saved chats") + " from " + store.location());
        return 0;
    }

    /** The first few names, for the question. */
    private static String preview(List<String> names) {
        int shown = Math.min(3, names.size());
        return String.join(", ", names.subList(0, shown)) + (names.size() > shown ? ", …" : "");
    }
}
