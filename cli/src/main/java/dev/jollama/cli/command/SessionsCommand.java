package dev.jollama.cli.command;

import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.HumanUnits;
import dev.jollama.cli.render.Table;
import dev.jollama.core.chat.SessionStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The saved chats: what `jollama chat --resume NAME` continues. */
@Command(
        name = "sessions",
        description = "List saved chats, most recent first (jollama chat --resume NAME continues one).",
        subcommands = {SessionsShowCommand.class, SessionsRmCommand.class})
public final class SessionsCommand implements Callable<Integer> {

    @ParentCommand
    JollamaCommand root;

    @Mixin
    JsonOption json;

    /** How many the table shows unless --all: a screenful, the most recent. */
    static final int SHOWN = 20;

    @Option(names = "--all", description = "List every saved chat (default: the " + SHOWN + " most recent).")
    boolean all;

    JollamaCommand root() {
        return root;
    }

    SessionStore store() {
        return root.services().client().sessions();
    }

    @Override
    public Integer call() {
        Console console = root.console();
        if (json.json) {
            // A script gets every chat: a limit there would cut its input without a word.
            console.println(dev.jollama.core.chat.SessionStore.json(store().list()));
            return 0;
        }
        int total = store().count();
        var shown = store().list(this.all ? Integer.MAX_VALUE : SHOWN);
        if (shown.isEmpty()) {
            console.info("no saved chats in " + store().location());
            return 0;
        }
        var now = root.services().env().clock().instant();
        Table table = new Table("NAME", "MODEL", "MESSAGES", "LAST USED");
        for (var s : shown) {
            if (s.problem() != null) {
                table.row(s.name(), "(unreadable)", "", "");
            } else {
                table.row(
                        s.name(),
                        s.model(),
                        String.valueOf(s.messages()),
                        s.updated() == null ? "" : HumanUnits.ago(s.updated().toString(), now));
            }
        }
        console.print(table.render());
        if (total > shown.size()) {
            console.info((total - shown.size()) + " more: --all");
        }
        return 0;
    }
}
