package dev.jollama.cli.repl;

import dev.jollama.core.text.NearestMatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every slash command, registered here and nowhere else. */
final class SlashCommands {

    private final Map<String, SlashCommand> byName = new LinkedHashMap<>();

    SlashCommands() {
        for (SlashCommand c : List.of(
                new HelpSlashCommand(this),
                new ModelSlashCommand(),
                new ProfileSlashCommand(),
                new SystemSlashCommand(),
                new SetSlashCommand(),
                new ShowSlashCommand(),
                new ClearSlashCommand(),
                new RetrySlashCommand(),
                new SaveSlashCommand(),
                new LoadSlashCommand(),
                new SessionsSlashCommand(),
                new StatsSlashCommand(),
                new ThinkSlashCommand(),
                new ByeSlashCommand())) {
            byName.put(c.name(), c);
        }
    }

    Iterable<SlashCommand> all() {
        return byName.values();
    }

    java.util.Set<String> names() {
        return byName.keySet();
    }

    /** Runs a line that starts with '/'; returns false when the REPL should end. */
    boolean run(ReplSession session, String line) {
        String body = line.substring(1).strip();
        int space = body.indexOf(' ');
        String name = space < 0 ? body : body.substring(0, space);
        String args = space < 0 ? "" : body.substring(space + 1).strip();
        SlashCommand command = byName.get(name);
        if (command == null) {
            String near = NearestMatch.of(name, byName.keySet())
                    .map(n -> " (did you mean /" + n + "?)")
                    .orElse("");
            session.error("unknown command /" + name + ", try /help" + near);
            return true;
        }
        return command.run(session, args);
    }
}
