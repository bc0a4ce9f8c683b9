package dev.jollama.cli.command;

import dev.jollama.cli.completion.DynamicValues;
import dev.jollama.cli.render.Console;
import dev.jollama.core.store.ExchangeLog;
import dev.jollama.core.store.LogEntry;
import dev.jollama.core.store.LogQuery;
import dev.jollama.core.text.Moment;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The log of every exchange: what was asked, of which model, and what came back. */
@Command(
        name = "logs",
        description = {
            "Show the log of exchanges (run, chat turns, batch items, embed counts), newest last.",
            "Stored in jollama's database (jollama logs path); see docs/logs.md for what is kept."
        },
        subcommands = {
            LogsPathCommand.class,
            LogsStatusCommand.class,
            LogsOnCommand.class,
            LogsOffCommand.class,
            LogsRmCommand.class
        })
public final class LogsCommand implements Callable<Integer> {

    private static final String OPEN = "\u0002";
    private static final String CLOSE = "\u0003";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @ParentCommand
    JollamaCommand root;

    @Option(
            names = {"-n", "--count"},
            paramLabel = "N",
            defaultValue = "5",
            description = "How many entries (default ${DEFAULT-VALUE}; 0 for all).")
    int count;

    @Option(
            names = {"-q", "--query"},
            paramLabel = "TEXT",
            description = "Only entries whose prompt or answer has these words (a trailing * for a prefix,"
                    + " \"quotes\" for a phrase); the match is marked.")
    String query;

    @Option(
            names = {"-m", "--model"},
            paramLabel = "MODEL",
            completionCandidates = DynamicValues.ModelOrProfile.class,
            description = "Only entries of this model.")
    String model;

    @Option(
            names = "--since",
            paramLabel = "WHEN",
            description = "Only entries since an age (30m, 2h, 7d) or a date (2026-11-01).")
    String since;

    @Option(
            names = "--chat",
            paramLabel = "NAME",
            completionCandidates = DynamicValues.Session.class,
            description = "Only the turns of this saved chat.")
    String chat;

    @Option(names = "--json", description = "One JSON object per entry and line (see docs/logs.md).")
    boolean json;

    @Option(
            names = {"-r", "--response"},
            description = "Only the last matching answer, as it was printed (for `jollama logs -r | pbcopy`).")
    boolean response;

    JollamaCommand root() {
        return root;
    }

    @Override
    public Integer call() {
        Console console = root.console();
        var clock = root.services().env().clock();
        if (count < 0) {
            throw new dev.jollama.core.error.InvalidInputException("-n wants 0 (all) or more, not " + count);
        }
        LogQuery q = new LogQuery(
                query == null || query.isBlank() ? null : query,
                model,
                since == null ? null : moment(since, clock, "--since"),
                chat,
                response ? 1 : count == 0 ? Integer.MAX_VALUE : count);
        boolean bold = console.outIsTerminal() && root.services().settings().colour();
        // Marks a model's text cannot contain (control characters are shown harmlessly): ours become
        // bold on a terminal, ** through a pipe.
        List<ExchangeLog.Found> found =
                new ArrayList<>(root.services().client().log().find(q, OPEN, CLOSE));
        if (response) {
            if (found.isEmpty() || found.get(0).entry().answer() == null) {
                console.warn(found.isEmpty() ? "no answer in the log" + matching(q) : "the last entry has no answer");
                return 1;
            }
            console.write(found.get(0).entry().answer());
            if (!found.get(0).entry().answer().endsWith("\n")) { // as run printed it: one final newline
                console.write("\n");
            }
            console.flush();
            return 0;
        }
        java.util.Collections.reverse(found); // oldest first: the newest ends next to the prompt
        if (json) {
            for (ExchangeLog.Found f : found) {
                console.println(ExchangeLog.jsonLine(f.entry()));
            }
            return 0;
        }
        if (found.isEmpty()) {
            console.info("no entries in the log" + matching(q));
            return 0;
        }
        ZoneId zone = clock.getZone();
        boolean first = true;
        for (ExchangeLog.Found f : found) {
            LogEntry e = f.entry();
            if (!first) {
                console.println("");
            }
            first = false;
            console.println(header(e, zone));
            if (f.snippet() != null) {
                String line = f.snippet().replace('\n', ' ');
                for (String part : line.split("(?=[" + OPEN + CLOSE + "])|(?<=[" + OPEN + CLOSE + "])")) {
                    if (part.equals(OPEN) || part.equals(CLOSE)) {
                        console.writeTrusted(bold ? (part.equals(OPEN) ? "\033[1m" : "\033[22m") : "**");
                    } else {
                        console.write(part);
                    }
                }
                console.println("");
                continue;
            }
            if (e.prompt() != null) {
                for (String line : e.prompt().split("\n", -1)) {
                    console.println("> " + line);
                }
            }
            if (e.answer() != null && !e.answer().isEmpty()) {
                console.println(e.answer().stripTrailing());
            }
            if (e.error() != null) {
                console.println("(error: " + e.error() + ")");
            }
        }
        return 0;
    }

    static java.time.Instant moment(String text, java.time.Clock clock, String option) {
        java.time.Instant at = Moment.parse(text, clock);
        if (at == null) {
            throw new dev.jollama.core.error.InvalidInputException(
                    option + " wants " + Moment.FORMS + ", not '" + dev.jollama.core.text.Excerpt.of(text) + "'");
        }
        return at;
    }

    private static String header(LogEntry e, ZoneId zone) {
        StringBuilder b = new StringBuilder("#").append(e.id()).append("  ");
        b.append(WHEN.format(e.time().atZone(zone))).append("  ").append(e.command());
        if (e.model() != null) {
            b.append("  ").append(e.model());
        }
        if (e.chat() != null) {
            b.append("  chat ").append(e.chat());
        }
        if (e.count() != null) {
            b.append("  ").append(e.count()).append(e.count() == 1 ? " input" : " inputs");
        }
        if (e.durationMillis() != null) {
            b.append(String.format(java.util.Locale.ROOT, "  %.1f s", e.durationMillis() / 1000.0));
        }
        if (e.count() != null && e.promptTokens() != null) {
            b.append("  ").append(e.promptTokens()).append(" tokens"); // an embed: no answer to count
        } else if (e.promptTokens() != null || e.answerTokens() != null) {
            b.append("  ")
                    .append(e.promptTokens() == null ? "?" : e.promptTokens())
                    .append("+")
                    .append(e.answerTokens() == null ? "?" : e.answerTokens())
                    .append(" tokens");
        }
        if (e.exitCode() != 0) {
            b.append("  exit ").append(e.exitCode());
        }
        return b.toString();
    }

    private static String matching(LogQuery q) {
        List<String> parts = new ArrayList<>();
        if (q.text() != null) {
            parts.add("matching '" + q.text() + "'");
        }
        if (q.model() != null) {
            parts.add("of " + q.model());
        }
        if (q.chat() != null) {
            parts.add("of chat " + q.chat());
        }
        if (q.since() != null) {
            parts.add("since " + q.since());
        }
        return parts.isEmpty() ? "" : " " + String.join(" ", parts);
    }
}
