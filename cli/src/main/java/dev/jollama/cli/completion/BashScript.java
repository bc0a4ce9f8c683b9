package dev.jollama.cli.completion;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * The bash script, written from {@link CompletionTree} like the zsh and fish ones: commands, options,
 * fixed choices and paths from the tree; models, profiles and saved chats from {@code jollama
 * __complete} at the moment of completing. Paths complete wherever a command takes one, and so do
 * the files after a redirection ({@code < in.txt}, {@code > out.md}).
 */
public final class BashScript {

    private BashScript() {}

    public static String of(CommandLine root) {
        CompletionTree tree = CompletionTree.of(root);
        String name = tree.path();
        String fn = "_" + name;
        StringBuilder out = new StringBuilder();
        out.append("# bash completion for ")
                .append(name)
                .append(", written by `")
                .append(name)
                .append(" completion bash`.\n")
                .append("# Models, profiles and saved chats change after this script is written: they are asked from\n")
                .append("# `")
                .append(name)
                .append(" __complete` when the word being completed is one of them.\n\n");
        out.append(subcommandFunction(fn, tree));
        out.append(takesValueFunction(fn, tree));
        out.append(wordsFunction(fn, tree));
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

    /**
     * {@code _jollama_takes_value PATH OPTION} returns 0 when OPTION takes the next word as its value,
     * 2 when it takes it unless that word is an option (arity 0..1), 1 when it takes none (a flag, or
     * a value only after '=').
     */
    private static String takesValueFunction(String fn, CompletionTree tree) {
        List<String> required = new ArrayList<>();
        List<String> optional = new ArrayList<>();
        for (CompletionTree command : tree.all()) {
            for (CompletionTree.Option o : command.options()) {
                if (o.takesValue() && !o.attachedValueOnly()) {
                    List<String> into = o.optionalValue() ? optional : required;
                    o.names().forEach(n -> into.add(quote(command.path() + "|" + n)));
                }
            }
        }
        StringBuilder out = new StringBuilder(fn + "_takes_value() {\n  case \"$1|$2\" in\n");
        if (!required.isEmpty()) {
            out.append("    ").append(String.join("|", required)).append(") return 0 ;;\n");
        }
        if (!optional.isEmpty()) {
            out.append("    ").append(String.join("|", optional)).append(") return 2 ;;\n");
        }
        return out.append("  esac\n  return 1\n}\n").toString();
    }

    /** {@code _jollama_words PATH options|commands} prints the command's options or its subcommands. */
    private static String wordsFunction(String fn, CompletionTree tree) {
        StringBuilder out = new StringBuilder(fn + "_words() {\n  case \"$1|$2\" in\n");
        for (CompletionTree command : tree.all()) {
            List<String> options = command.options().stream()
                    .flatMap(o -> o.names().stream())
                    .sorted((a, b) -> sortKey(a).compareTo(sortKey(b)))
                    .toList();
            if (!options.isEmpty()) {
                out.append("    ")
                        .append(quote(command.path() + "|options"))
                        .append(") printf '%s\\n' ")
                        .append(options.stream().map(BashScript::quote).collect(Collectors.joining(" ")))
                        .append(" ;;\n");
            }
            List<String> commands = command.subcommands().stream()
                    .flatMap(s -> s.names().stream())
                    .toList();
            if (!commands.isEmpty()) {
                out.append("    ")
                        .append(quote(command.path() + "|commands"))
                        .append(") printf '%s\\n' ")
                        .append(commands.stream().map(BashScript::quote).collect(Collectors.joining(" ")))
                        .append(" ;;\n");
            }
        }
        return out.append("  esac\n}\n").toString();
    }

    /** Long options first-letter order with their short forms beside them: -f, --file, --format. */
    private static String sortKey(String option) {
        return option.replaceFirst("^--?", "") + (option.startsWith("--") ? "1" : "0");
    }

    /**
     * {@code _jollama_values_for PATH OPTION INDEX} prints what the value of OPTION is, or with no
     * OPTION the positional parameter at INDEX: {@code ask KIND…} (from {@code __complete}), {@code
     * choices WORD…}, {@code files}, {@code dirs}, {@code at-files WORD…}; nothing when it is free text.
     */
    private static String valuesFunction(String fn, CompletionTree tree) {
        StringBuilder out = new StringBuilder(fn + "_values_for() {\n  case \"$1\" in\n");
        for (CompletionTree command : tree.all()) {
            StringBuilder body = new StringBuilder();
            List<String> optionCases = new ArrayList<>();
            for (CompletionTree.Option o : command.options()) {
                String spec = spec(o.values());
                if (!spec.isEmpty()) {
                    String names = o.names().stream().map(BashScript::quote).collect(Collectors.joining("|"));
                    optionCases.add("        " + names + ") echo " + spec + "; return ;;\n");
                }
            }
            if (!optionCases.isEmpty()) {
                body.append("      case \"$2\" in\n");
                optionCases.forEach(body::append);
                body.append("      esac\n");
            }
            for (CompletionTree.Positional p : command.positionals()) {
                String spec = spec(p.values());
                if (!spec.isEmpty()) {
                    body.append("      if [ -z \"$2\" ] && (($3 >= ")
                            .append(p.from())
                            .append(p.to() == Integer.MAX_VALUE ? "" : " && $3 <= " + p.to())
                            .append(")); then echo ")
                            .append(spec)
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

    private static String spec(CompletionTree.Values values) {
        if (!values.dynamic().isEmpty()) {
            return "ask "
                    + values.dynamic().stream()
                            .map(DynamicValues::word)
                            .map(BashScript::quote)
                            .collect(Collectors.joining(" "));
        }
        String choices = values.choices().stream().map(BashScript::quote).collect(Collectors.joining(" "));
        return switch (values.paths()) {
            case FILES -> "files";
            case DIRECTORIES -> "dirs";
            case AT_FILES -> ("at-files " + choices).strip();
            case NONE -> choices.isEmpty() ? "" : "choices " + choices;
        };
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    // The words are read again from COMP_LINE: COMP_WORDS splits at the characters of
    // COMP_WORDBREAKS (':' '=' '@' '<' '>'…), and model tags have colons (llama3.2:latest). bash still
    // replaces only the part after the last of them, hence the trimming of the answers.
    //
    // The options that say where the daemon is (--host, --api, --config) are passed on to __complete,
    // so that the models offered are those of the daemon the command will use.
    private static final String TEMPLATE =
            """
            @FN@_complete() {
              local line=${COMP_LINE:0:COMP_POINT} cur="" path="@NAME@" opt="" optional="" redirect=""
              local pos=0 next w i spec prefix="" word
              local -a words where reply
              read -ra words <<<"$line"
              if [[ -n $line && $line != *[[:space:]] ]]; then
                cur=${words[${#words[@]}-1]}
                unset "words[${#words[@]}-1]"
              fi
              word=$cur
              for ((i = 1; i < ${#words[@]}; i++)); do
                w=${words[i]}
                if [ -n "$redirect" ]; then redirect=""; continue; fi
                if [ -n "$opt" ]; then
                  if [[ -z $optional || $w != -* ]]; then
                    case $opt in --host|--api|--config) where+=("$opt" "$w") ;; esac
                    opt=""
                    continue
                  fi
                  opt=""
                fi
                # A redirection and its file are no arguments: `< in.txt`, `>out.md`, `2>&1`.
                if [[ $w =~ ^[0-9]*\\&?[\\<\\>] ]]; then
                  [[ $w =~ ^[0-9]*\\&?[\\<\\>]+[\\&|]?$ ]] && redirect=1
                  continue
                fi
                case $w in
                  --) continue ;;
                  --host=*|--api=*|--config=*) where+=("$w"); continue ;;
                  -*=*) continue ;;
                  -*)
                    @FN@_takes_value "$path" "$w"
                    case $? in 0) opt=$w optional="" ;; 2) opt=$w optional=1 ;; esac
                    continue
                    ;;
                esac
                next=$(@FN@_subcommand "$path" "$w")
                if [ -n "$next" ] && ((pos == 0)); then path=$next; else ((pos++)); fi
              done
              [[ -n $opt && -n $optional && $cur == -* ]] && opt=""
              if [[ -z $opt && -z $redirect && $cur =~ ^[0-9]*\\&?[\\<\\>]+[\\&|]?(.*)$ ]]; then
                redirect=1
                cur=${BASH_REMATCH[1]}
              fi
              local value_prefix=""
              if [[ -z $opt && -z $redirect && $cur == --*=* ]]; then
                opt=${cur%%=*}
                value_prefix=${cur%%=*}=
                cur=${cur#*=}
              fi
              if [ -n "$redirect" ]; then
                spec=files
                value_prefix=${word%"$cur"}
              elif [[ -z $opt && $cur == -* ]]; then
                spec=options
              else
                spec=$(@FN@_values_for "$path" "$opt" "$pos")
                [[ -z $opt && -z $spec ]] && ((pos == 0)) && spec=commands
              fi
              local kind=${spec%% *}
              local -a values
              [[ $spec == *" "* ]] && IFS=' ' read -r -a values <<<"${spec#* }"
              local IFS=$'\\n'
              case $kind in
                options | commands) reply=($(compgen -W "$(@FN@_words "$path" "$kind")" -- "$cur")) ;;
                ask) reply=($(compgen -W "$("${COMP_WORDS[0]}" "${where[@]}" __complete "${values[@]}" 2>/dev/null)" -- "$cur")) ;;
                choices) reply=($(compgen -W "${values[*]}" -- "$cur")) ;;
                files | dirs | at-files)
                  if [[ $kind == at-files && $cur != @* ]]; then
                    reply=($(compgen -W "${values[*]}" -- "$cur"))
                  elif [ "$kind" = at-files ]; then
                    # bash keeps the '@' in the word it replaces (a "special prefix"), so -o filenames
                    # would look for a file named @…: the slash and the quoting are done here.
                    for w in $(compgen -f -- "${cur#@}"); do
                      [ -d "$w" ] && w+=/
                      reply+=("@$(printf '%q' "$w")")
                    done
                    [[ ${#reply[@]} == 1 && ${reply[0]} == */ ]] && type compopt &>/dev/null && compopt -o nospace
                  else
                    type compopt &>/dev/null && compopt -o filenames
                    if [ "$kind" = dirs ]; then
                      reply=($(compgen -d -- "$cur"))
                    else
                      reply=($(compgen -f -- "$cur"))
                    fi
                  fi
                  ;;
              esac
              # Nothing else is offered: not the file names bash would fall back to for a prompt or a model.
              case $kind in files | dirs | at-files) ;; *) type compopt &>/dev/null && compopt +o default ;; esac
              ((${#reply[@]})) || return 0
              reply=("${reply[@]/#/"$value_prefix"}")
              # bash replaces only the part of the word after its last word-break character, that
              # character included when it is '@' or '$' (readline's special prefixes).
              for ((i = ${#word} - 1; i >= 0; i--)); do
                w=${word:i:1}
                if [[ $COMP_WORDBREAKS == *"$w"* ]]; then
                  [[ $w == [@$] ]] && prefix=${word:0:i} || prefix=${word:0:i+1}
                  break
                fi
              done
              COMPREPLY=("${reply[@]#"$prefix"}")
              return 0
            }
            complete -F @FN@_complete -o default @NAME@
            """;
}
