package dev.jollama.cli.completion;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The bash script: Picocli's {@link AutoComplete} completes commands, options and fixed choices; a
 * function in front of it answers the words that are models, profiles or saved chats from
 * {@code jollama __complete}, and hands every other word to Picocli's function.
 */
public final class BashScript {

    private BashScript() {}

    public static String of(CommandLine root) {
        CompletionTree tree = CompletionTree.of(root);
        String name = tree.path();
        String fn = "_" + name;
        StringBuilder out = new StringBuilder();
        out.append(AutoComplete.bash(name, root));
        out.append("\n# Models, profiles and saved chats change after this script is written: they are asked from\n")
                .append("# `")
                .append(name)
                .append(" __complete` when the word being completed is one of them.\n");
        out.append(subcommandFunction(fn, tree));
        out.append(takesValueFunction(fn, tree));
        out.append(valuesFunction(fn, tree));
        out.append(TEMPLATE.replace("@FN@", fn).replace("@NAME@", name));
        return out.toString();
    }

    /** {@code _jollama_subcommand PATH WORD} prints the path WORD leads to, if WORD is a command there. */
    private static String subcommandFunction(String fn, CompletionTree tree) {
        StringBuilder out = new StringBuilder(fn + "_subcommand() {\n  case \"$1|$2\" in\n");
        for (CompletionTree command : tree.all()) {
            for (CompletionTree sub : command.subcommands()) {
                String cases = sub.names().stream()
                        .map(n -> quote(command.path() + "|" + n))
                        .collect(Collectors.joining("|"));
                out.append("    ")
                        .append(cases)
                        .append(") echo ")
                        .append(quote(sub.path()))
                        .append(" ;;\n");
            }
        }
        return out.append("  esac\n}\n").toString();
    }

    /** {@code _jollama_takes_value PATH OPTION} succeeds when OPTION is followed by its value. */
    private static String takesValueFunction(String fn, CompletionTree tree) {
        List<String> cases = new ArrayList<>();
        for (CompletionTree command : tree.all()) {
            for (CompletionTree.Option o : command.options()) {
                if (o.takesValue()) {
                    o.names().forEach(n -> cases.add(quote(command.path() + "|" + n)));
                }
            }
        }
        return fn + "_takes_value() {\n  case \"$1|$2\" in\n    " + String.join("|", cases)
                + ") return 0 ;;\n  esac\n  return 1\n}\n";
    }

    /**
     * {@code _jollama_values_for PATH OPTION INDEX} prints the kinds of value (for {@code __complete})
     * of OPTION's value, or with no OPTION of the positional parameter at INDEX.
     */
    private static String valuesFunction(String fn, CompletionTree tree) {
        StringBuilder out = new StringBuilder(fn + "_values_for() {\n  case \"$1\" in\n");
        for (CompletionTree command : tree.all()) {
            StringBuilder body = new StringBuilder();
            for (CompletionTree.Option o : command.options()) {
                if (!o.values().dynamic().isEmpty()) {
                    String names = o.names().stream().map(BashScript::quote).collect(Collectors.joining("|"));
                    body.append("      case \"$2\" in ")
                            .append(names)
                            .append(") echo ")
                            .append(kinds(o.values()))
                            .append("; return ;; esac\n");
                }
            }
            for (CompletionTree.Positional p : command.positionals()) {
                if (!p.values().dynamic().isEmpty()) {
                    body.append("      if [ -z \"$2\" ] && (($3 >= ")
                            .append(p.from())
                            .append(p.to() == Integer.MAX_VALUE ? "" : " && $3 <= " + p.to())
                            .append(")); then echo ")
                            .append(kinds(p.values()))
                            .append("; return; fi\n");
                }
            }
            if (body.length() > 0) {
                out.append("    ")
                        .append(quote(command.path()))
                        .append(")\n")
                        .append(body)
                        .append("      ;;\n");
            }
        }
        return out.append("  esac\n}\n").toString();
    }

    private static String kinds(CompletionTree.Values values) {
        return "'" + values.dynamic().stream().map(DynamicValues::word).collect(Collectors.joining(" ")) + "'";
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    // The words are read again from COMP_LINE: COMP_WORDS splits at ':' and '=', and model tags have
    // colons (llama3.2:latest). bash still replaces only the part after the last ':' or '=', hence
    // the trimming of the answers.
    private static final String TEMPLATE =
            """
            @FN@_complete() {
              local line=${COMP_LINE:0:COMP_POINT} cur="" path="@NAME@" opt="" pos=0 next w i kinds
              local -a words
              read -ra words <<<"$line"
              if [[ -n $line && $line != *[[:space:]] ]]; then
                cur=${words[${#words[@]}-1]}
                unset "words[${#words[@]}-1]"
              fi
              for ((i = 1; i < ${#words[@]}; i++)); do
                w=${words[i]}
                if [ -n "$opt" ]; then opt=""; continue; fi
                case $w in
                  -*=*) continue ;;
                  -*) @FN@_takes_value "$path" "$w" && opt=$w; continue ;;
                esac
                next=$(@FN@_subcommand "$path" "$w")
                if [ -n "$next" ] && ((pos == 0)); then path=$next; else ((pos++)); fi
              done
              if [ -z "$opt" ] && [[ $cur == --*=* ]]; then
                opt=${cur%%=*}
                cur=${cur#*=}
              fi
              [[ -n $opt || $cur != -* ]] && kinds=$(@FN@_values_for "$path" "$opt" "$pos")
              if [ -n "$kinds" ]; then
                # The kinds are separate arguments ("models profiles"): split them before IFS changes.
                local -a kind_args
                read -r -a kind_args <<<"$kinds"
                local IFS=$'\\n'
                COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" __complete "${kind_args[@]}" 2>/dev/null)" -- "$cur"))
                if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
                  local colon_word=${cur%"${cur##*:}"}
                  COMPREPLY=("${COMPREPLY[@]#"$colon_word"}")
                fi
                return 0
              fi
              _complete_@NAME@ "$@"
            }
            complete -F @FN@_complete -o default @NAME@
            """;
}
