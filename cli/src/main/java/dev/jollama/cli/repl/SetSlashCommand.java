package dev.jollama.cli.repl;

import dev.jollama.core.daemon.OllamaOptions;
import dev.jollama.core.error.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;

final class SetSlashCommand implements SlashCommand {

    @Override
    public String name() {
        return "set";
    }

    @Override
    public String arguments() {
        return "KEY VALUE";
    }

    @Override
    public String description() {
        return "set a model option, type-checked (temperature 0.2, num_ctx 8192)";
    }

    @Override
    public boolean run(ReplSession session, String args) {
        String[] kv = args.split("\\s+", 2);
        if (kv.length < 2) {
            session.error("usage: /set KEY VALUE, for example /set temperature 0.2");
            return true;
        }
        try {
            Map<String, Object> options = new LinkedHashMap<>(session.settings().options());
            if (kv[0].equals("stop")) {
                options.remove("stop"); // /set stop replaces the stop list rather than growing it
            }
            OllamaOptions.put(options, kv[0], kv[1]);
            session.settings(session.settings().withOptions(options));
            String hint = OllamaOptions.isKnown(kv[0])
                    ? ""
                    : " (not an option jollama knows" + OllamaOptions.hint(kv[0]) + ")";
            session.println("set " + kv[0] + " = " + options.get(kv[0]) + hint);
        } catch (InvalidInputException e) {
            session.error(e.getMessage());
        }
        return true;
    }
}
