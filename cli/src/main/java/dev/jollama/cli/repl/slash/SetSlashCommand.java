package dev.jollama.cli.repl.slash;

import dev.jollama.core.daemon.OllamaOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "set", description = "Set a model option, type-checked: /set temperature 0.2, /set num_ctx 8192.")
final class SetSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(
            index = "0",
            paramLabel = "KEY",
            completionCandidates = KnownOptions.class,
            description = "An Ollama option.")
    String key;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "VALUE", description = "Its value (stop may hold spaces).")
    List<String> value = new ArrayList<>();

    @Override
    public void run() {
        SlashContext c = root.context;
        String raw = root.rest
                .substring(Math.min(root.rest.length(), root.rest.indexOf(key) + key.length()))
                .strip();
        Map<String, Object> options = new LinkedHashMap<>(c.chat().settings().options());
        if (key.equals("stop")) {
            options.remove("stop"); // /set stop replaces the stop list rather than growing it
        }
        OllamaOptions.put(options, key, raw.isEmpty() ? String.join(" ", value) : raw);
        c.chat().switchTo(c.chat().settings().withOptions(options));
        String removed = OllamaOptions.removedWarning(key);
        String hint = removed != null
                ? " (" + removed + ")"
                : OllamaOptions.isKnown(key) ? "" : " (not an option jollama knows" + OllamaOptions.hint(key) + ")";
        c.println("set " + key + " = " + options.get(key) + hint);
    }

    static final class KnownOptions implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return OllamaOptions.known().iterator();
        }
    }
}
