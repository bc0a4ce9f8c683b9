package dev.jollama.cli.command;

import dev.jollama.cli.option.JsonOption;
import dev.jollama.cli.render.Console;
import dev.jollama.cli.render.HumanUnits;
import dev.jollama.cli.render.Table;
import dev.jollama.core.chat.SessionStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    JollamaCommand root() {
        return root;
    }

    SessionStore store() {
        return root.services().client().sessions();
    }

    @Override
    public Integer call() {
        Console console = root.console();
        var all = store().list();
        if (json.json) {
            console.println(dev.jollama.core.chat.SessionStore.json(all));
            return 0;
        }
        if (all.isEmpty()) {
            console.info("no saved chats in " + store().dir());
            return 0;
        }
        var now = root.services().env().clock().instant();
        Table table = new Table("NAME", "MODEL", "MESSAGES", "LAST USED");
        for (var s : all) {
            if (s.problem() != null) {
                table.row(s.name(), "(unreadable)", "", "");
            } else {
                table.row(
                        s.name(),
                        s.model(),
                        String.valueOf(s.turns()),
                        s.updated() == null ? "" : HumanUnits.ago(s.updated().toString(), now));
            }
        }
        console.print(table.render());
        return 0;
    }
}
