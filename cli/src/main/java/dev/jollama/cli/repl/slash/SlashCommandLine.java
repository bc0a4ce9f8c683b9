package dev.jollama.cli.repl.slash;

import dev.jollama.core.error.JollamaException;
import dev.jollama.core.text.NearestMatch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser.ParseContext;
import org.jline.reader.impl.DefaultParser;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The chat's commands as a Picocli tree, registered here and nowhere else: a line such as {@code
 * /set temperature 0.2} is split like a shell line and executed on it, so arguments, help, errors
 * and completion come from each command's annotations.
 */
public final class SlashCommandLine {

    /** Every slash command, in the order /help lists them. */
    static final List<Class<?>> COMMANDS = List.of(
            HelpSlashCommand.class,
            ModelSlashCommand.class,
            ProfileSlashCommand.class,
            PullSlashCommand.class,
            SystemSlashCommand.class,
            EditSlashCommand.class,
            FileSlashCommand.class,
            DropSlashCommand.class,
            SetSlashCommand.class,
            ShowSlashCommand.class,
            ClearSlashCommand.class,
            CompactSlashCommand.class,
            RetrySlashCommand.class,
            CopySlashCommand.class,
            SaveSlashCommand.class,
            LoadSlashCommand.class,
            SessionsSlashCommand.class,
            StatsSlashCommand.class,
            MarkdownSlashCommand.class,
            ThinkSlashCommand.class,
            ToolsSlashCommand.class,
            AllowSlashCommand.class,
            ByeSlashCommand.class);

    private final SlashRoot root;
    private final CommandLine tree;
    private final DefaultParser words = new DefaultParser();

    public SlashCommandLine(SlashContext context) {
        this.root = new SlashRoot(context);
        this.tree = new CommandLine(root);
        for (Class<?> c : COMMANDS) {
            tree.addSubcommand(new CommandLine(c));
        }
        tree.setCaseInsensitiveEnumValuesAllowed(true);
        tree.setExpandAtFiles(false);
        // Handlers apply only to subcommands registered already, so they are set last.
        tree.setParameterExceptionHandler((e, args) -> {
            String name = e.getCommandLine().getCommandName();
            context.error(dev.jollama.cli.error.UsageError.describe(e) + " (/help " + name + ")");
            return 2;
        });
        tree.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof JollamaException) {
                context.error(e.getMessage());
            } else {
                context.error("internal error: " + e);
            }
            return 1;
        });
    }

    /** The command names, for completion. */
    public Set<String> names() {
        return new LinkedHashSet<>(tree.getSubcommands().keySet());
    }

    /** A command's tree, for completing its arguments; null if there is none by that name. */
    public CommandLine command(String name) {
        return tree.getSubcommands().get(name);
    }

    /** Runs a line that starts with '/'; returns false when the chat should end. */
    public boolean run(String line) {
        String body = line.substring(1).strip();
        List<String> args = split(body);
        if (args.isEmpty()) {
            root.context.error("a command after the slash: /help lists them");
            return true;
        }
        String name = args.get(0);
        if (!tree.getSubcommands().containsKey(name)) {
            String near = NearestMatch.of(name, names())
                    .map(n -> " (did you mean /" + n + "?)")
                    .orElse("");
            root.context.error("unknown command /" + name + ", try /help" + near);
            return true;
        }
        root.rest = body.substring(Math.min(body.length(), body.indexOf(name) + name.length()))
                .strip();
        root.bye = false;
        tree.execute(args.toArray(String[]::new));
        return !root.bye;
    }

    private List<String> split(String body) {
        try {
            ParsedLine parsed = words.parse(body, body.length(), ParseContext.SPLIT_LINE);
            List<String> out = new ArrayList<>();
            for (String w : parsed.words()) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
            return out;
        } catch (RuntimeException unbalancedQuotes) {
            return List.of(body.split("\\s+"));
        }
    }

    /** One line per command: its usage and what it does, from its annotations. */
    static List<String> summary(CommandLine tree) {
        List<String> lines = new ArrayList<>();
        Set<CommandLine> seen = new LinkedHashSet<>();
        for (Map.Entry<String, CommandLine> e : tree.getSubcommands().entrySet()) {
            CommandLine cmd = e.getValue();
            if (!seen.add(cmd)) {
                continue; // an alias
            }
            CommandSpec spec = cmd.getCommandSpec();
            StringBuilder usage = new StringBuilder("/").append(spec.name());
            for (PositionalParamSpec p : spec.positionalParameters()) {
                boolean optional = p.arity().min() == 0;
                usage.append(' ')
                        .append(optional ? "[" : "")
                        .append(p.paramLabel())
                        .append(optional ? "]" : "");
            }
            String[] description = spec.usageMessage().description();
            lines.add(String.format("  %-22s %s", usage, description.length > 0 ? description[0] : ""));
        }
        return lines;
    }
}
