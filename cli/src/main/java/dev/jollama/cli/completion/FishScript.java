package dev.jollama.cli.completion;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * The fish script, written from the same model as the others: one {@code complete} line per
 * command, option and parameter, each guarded by the command path the words so far lead to.
 */
public final class FishScript {

    private FishScript() {}

    public static String of(CommandLine root) {
        CompletionTree tree = CompletionTree.of(root);
        String name = tree.path();
        StringBuilder out = new StringBuilder();
        out.append("# fish completion for ")
                .append(name)
                .append(", written by `")
                .append(name)
                .append(" completion fish`.\n\n");
        out.append(subcommandFunction(tree));
        out.append(takesValueFunction(tree));
        out.append(HELPERS.replace("@NAME@", name));
        out.append("\n# No file names unless an option or a parameter takes a file.\n");
        out.append("complete -c ").append(name).append(" -f\n");
        for (CompletionTree command : tree.all()) {
            out.append("\n# ").append(command.path()).append('\n');
            String at = "-n " + quote("__" + name + "_at " + quote(command.path()));
            for (CompletionTree sub : command.subcommands()) {
                for (String n : sub.names()) {
                    out.append("complete -c ")
                            .append(name)
                            .append(' ')
                            .append(at)
                            .append(" -a ")
                            .append(quote(n))
                            .append(" -d ")
                            .append(quote(sub.description()))
                            .append('\n');
                }
            }
            for (CompletionTree.Option o : command.options()) {
                out.append("complete -c ").append(name).append(' ').append(at);
                for (String n : o.names()) {
                    out.append(n.startsWith("--") ? " -l " : " -s ").append(n.replaceFirst("^--?", ""));
                }
                if (o.takesValue()) {
                    out.append(o.values().paths() == CompletionTree.Paths.FILES ? " -r -F" : " -x")
                            .append(arguments(name, o.values()));
                }
                out.append(" -d ").append(quote(o.description())).append('\n');
            }
            for (CompletionTree.Positional p : command.positionals()) {
                String args = arguments(name, p.values());
                if (args.isEmpty() && p.values().paths() != CompletionTree.Paths.FILES) {
                    continue;
                }
                String condition = "__" + name + "_at " + quote(command.path()) + " " + p.from() + " "
                        + (p.to() == Integer.MAX_VALUE ? "" : p.to());
                out.append("complete -c ")
                        .append(name)
                        .append(" -n ")
                        .append(quote(condition.strip()))
                        .append(p.values().paths() == CompletionTree.Paths.FILES ? " -F" : "")
                        .append(args)
                        .append(" -d ")
                        .append(quote(p.label()))
                        .append('\n');
            }
        }
        return out.toString();
    }

    private static String arguments(String name, CompletionTree.Values values) {
        if (!values.dynamic().isEmpty()) {
            return " -a "
                    + quote("(__" + name + "_values "
                            + values.dynamic().stream().map(DynamicValues::word).collect(Collectors.joining(" "))
                            + ")");
        }
        String choices = String.join(" ", values.choices());
        return switch (values.paths()) {
            case DIRECTORIES -> " -a " + quote("(__fish_complete_directories (commandline -ct))");
            // --format json|@FILE: the words, and a file name after '@'.
            case AT_FILES ->
                " -a "
                        + quote(
                                choices + " (string match -q '@*' -- (commandline -ct); and"
                                        + " printf '@%s\\n' (__fish_complete_path (string replace -r '^@' '' -- (commandline -ct))))");
            case FILES, NONE -> choices.isEmpty() ? "" : " -a " + quote(choices);
        };
    }

    private static String subcommandFunction(CompletionTree tree) {
        StringBuilder out =
                new StringBuilder("function __" + tree.path() + "_subcommand\n    switch \"$argv[1]|$argv[2]\"\n");
        for (CompletionTree command : tree.all()) {
            for (CompletionTree sub : command.subcommands()) {
                out.append("        case ")
                        .append(sub.names().stream()
                                .map(n -> quote(command.path() + "|" + n))
                                .collect(Collectors.joining(" ")))
                        .append("\n            echo ")
                        .append(quote(sub.path()))
                        .append('\n');
            }
        }
        return out.append("    end\nend\n\n").toString();
    }

    private static String takesValueFunction(CompletionTree tree) {
        List<String> cases = new ArrayList<>();
        for (CompletionTree command : tree.all()) {
            for (CompletionTree.Option o : command.options()) {
                if (o.takesValue()) {
                    o.names().forEach(n -> cases.add(quote(command.path() + "|" + n)));
                }
            }
        }
        return "function __" + tree.path() + "_takes_value\n    switch \"$argv[1]|$argv[2]\"\n        case "
                + String.join(" ", cases) + "\n            return 0\n    end\n    return 1\nend\n\n";
    }

    /** Single-quoted for fish: only backslash and the quote are special inside. */
    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    // __jollama_state prints the command path the words before the cursor lead to, then the index of
    // the positional parameter being completed, or -1 when it is an option's value.
    private static final String HELPERS =
            """
            function __@NAME@_state
                set -l path @NAME@
                set -l pos 0
                set -l opt 0
                for w in (commandline -opc)[2..-1]
                    if test $opt = 1
                        set opt 0
                        continue
                    end
                    switch $w
                        case '-*=*'
                            continue
                        case '-*'
                            __@NAME@_takes_value $path $w; and set opt 1
                            continue
                    end
                    set -l next (__@NAME@_subcommand $path $w)
                    if test -n "$next" -a $pos = 0
                        set path $next
                    else
                        set pos (math $pos + 1)
                    end
                end
                echo $path
                if test $opt = 1
                    echo -1
                else
                    echo $pos
                end
            end

            # __@NAME@_at PATH [FROM [TO]]: the words lead to PATH (and the parameter at FROM..TO is next).
            function __@NAME@_at
                set -l state (__@NAME@_state)
                test "$state[1]" = "$argv[1]"; or return 1
                test (count $argv) -ge 2; or return 0
                test $state[2] -ge $argv[2]; or return 1
                test (count $argv) -ge 3; or return 0
                test $state[2] -le $argv[3]
            end

            # Models, profiles and saved chats change after this script is written: asked when completing.
            function __@NAME@_values
                set -l command (commandline -opc)[1]
                $command __complete $argv 2>/dev/null
            end
            """;
}
