package dev.jollama.cli.completion;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What a shell needs to complete one command: its subcommands, options and positional parameters,
 * read from Picocli's model so that the bash, zsh and fish scripts agree with the annotations.
 *
 * @param path the command's words from the root: "jollama", "jollama sessions show"
 * @param names the name and its aliases
 */
public record CompletionTree(
        String path,
        List<String> names,
        String description,
        List<CompletionTree> subcommands,
        List<Option> options,
        List<Positional> positionals) {

    /** What a value may be: fixed choices, values asked when completing, or a path. */
    public record Values(List<String> choices, List<DynamicValues> dynamic, Paths paths) {
        static final Values NONE = new Values(List.of(), List.of(), Paths.NONE);

        /** True when the value is a file or a directory, the choices aside. */
        public boolean files() {
            return paths == Paths.FILES || paths == Paths.DIRECTORIES;
        }
    }

    /** Which paths a value may be. */
    public enum Paths {
        NONE,
        /** A file or a directory (a directory is a way to a file, and {@code -f DIR} reads its files). */
        FILES,
        DIRECTORIES,
        /** {@code @FILE}: a file name after an {@code @} ({@code --format @schema.json}), beside the choices. */
        AT_FILES
    }

    /**
     * @param optionalValue the option may stand alone (arity 0..1)
     * @param attachedValueOnly its value is read only as {@code --opt=VALUE}, never from the next word
     *     ({@code --think qwen3} is thinking on, then the model)
     */
    public record Option(
            List<String> names,
            String description,
            String label,
            boolean takesValue,
            boolean optionalValue,
            boolean attachedValueOnly,
            boolean repeatable,
            Values values) {}

    /** Positions {@code from} to {@code to} (counting from 0, {@link Integer#MAX_VALUE} when unbounded). */
    public record Positional(int from, int to, String label, String description, Values values) {
        public boolean covers(int index) {
            return index >= from && index <= to;
        }
    }

    /** Labels of String arguments that name a file (typed File or Path ones are recognised by type). */
    private static final Set<String> FILE_LABELS = Set.of("FILE", "PATH", "OUT.jsonl");

    private static final String DIRECTORY_LABEL = "DIR";

    /** The label of a value that is a word or a file after {@code @}: {@code json|@FILE}. */
    private static final String AT_FILE = "@FILE";

    public static CompletionTree of(CommandLine root) {
        return of(root.getCommandSpec(), root.getCommandSpec().name(), List.of());
    }

    private static CompletionTree of(CommandSpec spec, String path, List<String> siblings) {
        List<CompletionTree> subs = new ArrayList<>();
        Set<CommandLine> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<String> visibleNames = new ArrayList<>();
        for (CommandLine sub : spec.subcommands().values()) {
            if (seen.add(sub) && !sub.getCommandSpec().usageMessage().hidden()) {
                visibleNames.add(sub.getCommandName());
                visibleNames.addAll(List.of(sub.getCommandSpec().aliases()));
            }
        }
        seen.clear();
        for (CommandLine sub : spec.subcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            if (seen.add(sub) && !s.usageMessage().hidden()) {
                subs.add(of(s, path + " " + s.name(), visibleNames));
            }
        }
        List<Option> options = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                options.add(option(spec, o));
            }
        }
        List<Positional> positionals = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                // `help COMMAND` takes a name of the commands beside it.
                Values values = spec.userObject() instanceof CommandLine.HelpCommand
                        ? new Values(siblings, List.of(), Paths.NONE)
                        : values(p);
                positionals.add(new Positional(p.index().min(), p.index().max(), p.paramLabel(), firstLine(p), values));
            }
        }
        List<String> names = new ArrayList<>();
        names.add(spec.name());
        names.addAll(List.of(spec.aliases()));
        String description = firstLine(spec.usageMessage().description());
        return new CompletionTree(
                path,
                List.copyOf(names),
                description,
                List.copyOf(subs),
                List.copyOf(options),
                List.copyOf(positionals));
    }

    private static Option option(CommandSpec spec, OptionSpec o) {
        List<String> names = new ArrayList<>(List.of(o.names()));
        if (o.negatable()) {
            for (String name : o.names()) {
                String negative = spec.negatableOptionTransformer().makeNegative(name, spec);
                if (!negative.equals(name)) {
                    names.add(negative);
                }
            }
        }
        boolean takesValue = o.arity().max() > 0;
        boolean optionalValue = takesValue && o.arity().min() == 0;
        return new Option(
                List.copyOf(names),
                firstLine(o),
                o.paramLabel(),
                takesValue,
                optionalValue,
                // A preprocessor on an optional value decides what follows it: ours (--think) takes a
                // value only after '='.
                optionalValue && !o.preprocessor().getClass().getName().equals(NO_PREPROCESSOR),
                o.isMultiValue(),
                takesValue ? values(o) : Values.NONE);
    }

    private static final String NO_PREPROCESSOR = "picocli.CommandLine$NoOpParameterPreprocessor";

    private static Values values(ArgSpec arg) {
        Iterable<String> candidates = arg.completionCandidates();
        if (candidates instanceof DynamicValues.Marker marker) {
            return new Values(List.of(), marker.kinds(), Paths.NONE);
        }
        List<String> choices = new ArrayList<>();
        if (candidates != null) {
            candidates.forEach(choices::add);
        }
        String label = arg.paramLabel();
        List<String> alternatives = List.of(label.split("\\|"));
        if (alternatives.contains(AT_FILE)) {
            // json|@FILE: the words beside @FILE are choices.
            alternatives.stream()
                    .filter(a -> !a.equals(AT_FILE) && a.matches("[a-z]+") && !choices.contains(a))
                    .forEach(choices::add);
            return new Values(List.copyOf(choices), List.of(), Paths.AT_FILES);
        }
        if (!choices.isEmpty()) {
            return new Values(List.copyOf(choices), List.of(), Paths.NONE);
        }
        Class<?> type = arg.type();
        boolean typedPath = File.class.equals(type)
                || Path.class.equals(type)
                || (arg.auxiliaryTypes().length > 0
                        && (File.class.equals(arg.auxiliaryTypes()[0]) || Path.class.equals(arg.auxiliaryTypes()[0])));
        if (DIRECTORY_LABEL.equals(label)) {
            return new Values(List.of(), List.of(), Paths.DIRECTORIES);
        }
        return new Values(List.of(), List.of(), typedPath || FILE_LABELS.contains(label) ? Paths.FILES : Paths.NONE);
    }

    private static String firstLine(ArgSpec arg) {
        return firstLine(arg.description());
    }

    /** The first line of a description, its Picocli line breaks (%n) read as such. */
    private static String firstLine(String[] description) {
        return String.join("%n", description)
                .replace("%n", "\n")
                .strip()
                .lines()
                .findFirst()
                .orElse("")
                .strip();
    }

    /** This command and every command below it, depth first. */
    public List<CompletionTree> all() {
        List<CompletionTree> out = new ArrayList<>();
        out.add(this);
        for (CompletionTree sub : subcommands) {
            out.addAll(sub.all());
        }
        return out;
    }
}
