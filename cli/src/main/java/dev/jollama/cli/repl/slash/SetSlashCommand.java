package dev.jollama.cli.repl.slash;

import dev.jollama.core.daemon.OllamaOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code /set KEY VALUE} sets a model option, type-checked. The words of {@code ollama run}'s {@code
 * /set} are understood as it means them, and never sent to the daemon as options: {@code parameter K
 * V}, {@code system TEXT}, {@code verbose}, {@code quiet}, {@code think [LEVEL]}, {@code nothink},
 * {@code format json}, {@code noformat}.
 */
@Command(
        name = "set",
        description = {
            "Set a model option, type-checked: /set temperature 0.2, /set num_ctx 8192.",
            "ollama run's forms too, never sent as options:",
            "  /set parameter KEY VALUE   the same as /set KEY VALUE",
            "  /set system TEXT           the same as /system TEXT",
            "  /set verbose, /set quiet   /stats on, /stats off",
            "  /set think [LEVEL]         /think on (or the level); /set nothink: /think off",
            "  /set format json           answers in JSON; /set noformat: free text"
        })
final class SetSlashCommand implements Runnable {

    @ParentCommand
    SlashRoot root;

    @Parameters(
            index = "0",
            paramLabel = "KEY",
            completionCandidates = Keys.class,
            description = "An Ollama option, or one of ollama run's words (parameter, system, verbose, …).")
    String key;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "VALUE", description = "Its value (stop may hold spaces).")
    List<String> value = new ArrayList<>();

    /** ollama run's /set words that are no option, and what they are here. */
    private static final List<String> WORDS = List.of(
            "parameter",
            "system",
            "verbose",
            "quiet",
            "think",
            "nothink",
            "format",
            "noformat",
            "history",
            "nohistory",
            "wordwrap",
            "nowordwrap");

    @Override
    public void run() {
        SlashContext c = root.context;
        String after = after(root.rest, key);
        switch (key) {
            case "parameter" -> {
                if (value.size() < 2) {
                    c.error("/set parameter wants a KEY and a VALUE: /set parameter temperature 0.2");
                    return;
                }
                String option = value.get(0);
                // As in ollama run, each word after stop is one stop sequence.
                option(option, option.equals("stop") ? value.subList(1, value.size()) : List.of(after(after, option)));
            }
            case "system" -> SystemSlashCommand.set(root, after);
            case "verbose", "quiet" -> {
                c.stats(key.equals("verbose"));
                c.println("stats " + (key.equals("verbose") ? "on" : "off"));
            }
            case "think" -> ThinkSlashCommand.set(c, value.isEmpty() ? "on" : value.get(0));
            case "nothink" -> ThinkSlashCommand.set(c, "off");
            case "format" -> {
                if (!value.equals(List.of("json"))) {
                    c.error(
                            "/set format takes json (/set noformat turns it off); a schema: jollama chat --format FILE");
                    return;
                }
                c.chat().switchTo(c.chat().settings().withFormat("json"));
                c.println("answers in JSON from now on (/set noformat turns it off)");
            }
            case "noformat" -> {
                c.chat().switchTo(c.chat().settings().withFormat(null));
                c.println("answers in free text");
            }
            case "history", "nohistory" ->
                c.error("/set " + key + ": jollama always keeps the chat's line history (in its state folder)");
            case "wordwrap", "nowordwrap" ->
                c.error("/set " + key + ": jollama always wraps answers at words; /markdown off shows them as written");
            default -> {
                if (value.isEmpty()) {
                    c.error("/set " + key + " wants a value: /set " + key + " VALUE (/help set)");
                    return;
                }
                option(key, List.of(after));
            }
        }
    }

    /** Sets one option; {@code stop}'s values replace the stop list rather than growing it. */
    private void option(String key, List<String> texts) {
        SlashContext c = root.context;
        Map<String, Object> options = new LinkedHashMap<>(c.chat().settings().options());
        options.remove(key);
        for (String text : texts) {
            OllamaOptions.put(options, key, text);
        }
        c.chat().switchTo(c.chat().settings().withOptions(options));
        root.byHand.option(key);
        String removed = OllamaOptions.removedWarning(key);
        String hint = removed != null
                ? " (" + removed + ")"
                : OllamaOptions.isKnown(key) ? "" : " (not an option jollama knows" + OllamaOptions.hint(key) + ")";
        c.println("set " + key + " = " + options.get(key) + hint);
    }

    /** The text after the first occurrence of {@code word} in {@code typed}, as typed. */
    private static String after(String typed, String word) {
        int at = typed.indexOf(word);
        return at < 0 ? "" : typed.substring(at + word.length()).strip();
    }

    /** What Tab offers after /set: the options, then ollama run's words. */
    static final class Keys implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            List<String> all = new ArrayList<>(OllamaOptions.known());
            all.addAll(WORDS);
            return all.iterator();
        }
    }
}
