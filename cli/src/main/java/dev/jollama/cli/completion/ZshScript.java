package dev.jollama.cli.completion;

import java.util.stream.Collectors;

/**
 * The zsh script: one {@code _arguments} function per command, so zsh shows each option and
 * command with its description; models, profiles and saved chats come from {@code jollama __complete}.
 */
public final class ZshScript {

    private static final String VALUES = "_jollama_values";

    private ZshScript() {}

    public static String of(picocli.CommandLine root) {
        CompletionTree tree = CompletionTree.of(root);
        String name = tree.path();
        StringBuilder out = new StringBuilder();
        out.append("#compdef ").append(name).append('\n');
        out.append("# zsh completion for ")
                .append(name)
                .append(", written by `")
                .append(name)
                .append(" completion zsh`.\n\n");
        out.append("# Values that change (models, profiles, saved chats), asked when completing.\n")
                .append(VALUES)
                .append("() {\n")
                .append("  local -a values\n")
                .append("  values=(${(f)\"$(${_")
                .append(name)
                .append("_command:-")
                .append(name)
                .append("} __complete \"$@\" 2>/dev/null)\"})\n")
                .append("  compadd -a values\n}\n\n");
        for (CompletionTree command : tree.all()) {
            out.append(function(command)).append("() {\n");
            if (command == tree) {
                // The command as typed (a path, perhaps), for __complete; subcommands see their own words only.
                out.append("  local _").append(name).append("_command=$words[1]\n");
            }
            if (command.subcommands().isEmpty()) {
                out.append("  _arguments -s -S");
                arguments(out, command);
                out.append('\n');
            } else {
                out.append("  local curcontext=$curcontext state line ret=1\n");
                out.append("  _arguments -C -s -S");
                arguments(out, command);
                out.append(" \\\n    '1: :->command' \\\n    '*:: :->argument' && ret=0\n");
                out.append("  case $state in\n    command)\n      local -a commands=(\n");
                for (CompletionTree sub : command.subcommands()) {
                    for (String n : sub.names()) {
                        out.append("        ")
                                .append(quote(n.replace(":", "\\:") + ":" + sub.description()))
                                .append('\n');
                    }
                }
                out.append("      )\n      _describe -t commands command commands && ret=0\n      ;;\n");
                out.append("    argument)\n      case $line[1] in\n");
                for (CompletionTree sub : command.subcommands()) {
                    out.append("        ")
                            .append(String.join("|", sub.names()))
                            .append(") ")
                            .append(function(sub))
                            .append(" && ret=0 ;;\n");
                }
                out.append("      esac\n      ;;\n  esac\n  return ret\n");
            }
            out.append("}\n\n");
        }
        // Autoloaded from $fpath the file is the function's body; sourced, it registers the function.
        out.append("if [ \"$funcstack[1]\" = \"")
                .append(function(tree))
                .append("\" ]; then\n  ")
                .append(function(tree))
                .append(" \"$@\"\nelse\n  compdef ")
                .append(function(tree))
                .append(' ')
                .append(name)
                .append("\nfi\n");
        return out.toString();
    }

    private static void arguments(StringBuilder out, CompletionTree command) {
        for (CompletionTree.Option o : command.options()) {
            for (String n : o.names()) {
                StringBuilder spec = new StringBuilder();
                if (o.repeatable()) {
                    spec.append('*');
                }
                spec.append(n);
                if (o.takesValue()) {
                    // "--x=": the value after '=' or in the next word; "-x+": attached or the next word.
                    spec.append(n.startsWith("--") ? "=" : "+");
                }
                spec.append('[').append(bracketed(o.description())).append(']');
                if (o.takesValue()) {
                    spec.append(o.optionalValue() ? "::" : ":")
                            .append(message(o.label()))
                            .append(':')
                            .append(action(o.values()));
                }
                out.append(" \\\n    ").append(quote(spec.toString()));
            }
        }
        for (CompletionTree.Positional p : command.positionals()) {
            String message = message(p.label());
            String action = action(p.values());
            if (p.to() == Integer.MAX_VALUE) {
                out.append(" \\\n    ").append(quote("*:" + message + ":" + action));
            } else {
                for (int i = p.from(); i <= p.to(); i++) {
                    out.append(" \\\n    ").append(quote((i + 1) + ":" + message + ":" + action));
                }
            }
        }
    }

    private static String action(CompletionTree.Values values) {
        if (!values.dynamic().isEmpty()) {
            // In braces: run as code, so _arguments passes no compadd options on to the function.
            return "{" + VALUES + " "
                    + values.dynamic().stream().map(DynamicValues::word).collect(Collectors.joining(" ")) + "}";
        }
        String choices =
                values.choices().stream().map(c -> c.replace(" ", "\\ ")).collect(Collectors.joining(" "));
        return switch (values.paths()) {
            case FILES -> "_files";
            case DIRECTORIES -> "_files -/";
            // --format json|@FILE: a file name after '@', or one of the words.
            case AT_FILES -> "{if compset -P @; then _files; else compadd - " + choices + "; fi}";
            case NONE -> choices.isEmpty() ? " " : "(" + choices + ")";
        };
    }

    private static String function(CompletionTree command) {
        return "_" + command.path().replace(' ', '_').replace('-', '_');
    }

    /** Text in an option's [explanation]: brackets escaped. */
    private static String bracketed(String text) {
        return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]");
    }

    /** A message between colons: colons escaped. */
    private static String message(String text) {
        return text.replace("\\", "\\\\").replace(":", "\\:");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
