package dev.jollama.cli.error;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error in jollama's words, for the shell and the chat's slash commands alike: "one argument
 * too many: 'chat'", not Picocli's "Unmatched arguments from index 2".
 */
public final class UsageError {

    private UsageError() {}

    public static String describe(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u) {
            return unmatched(u);
        }
        String message = e.getMessage() == null ? "invalid arguments" : e.getMessage();
        // Picocli names Java's types: "'x' is not an int".
        message = message.replaceAll("is not an? (int|long|short|byte|Integer|Long)\\b", "is not a whole number")
                .replaceAll("is not an? (double|float|Double|Float)\\b", "is not a number")
                .replaceAll("positional parameter at index \\d+ \\(([^)]+)\\)", "$1")
                .replaceAll(
                        "expected one of \\[(.*?)\\] \\(case-insensitive\\) but was '(.*)'", "'$2' is not one of $1");
        return lowerFirst(message);
    }

    private static String unmatched(UnmatchedArgumentException u) {
        List<String> words = u.getUnmatched();
        String hint = u.getSuggestions().isEmpty()
                ? ""
                : " (did you mean '" + u.getSuggestions().get(0) + "'?)";
        if (words.isEmpty()) {
            return lowerFirst(u.getMessage()) + hint;
        }
        String first = words.get(0);
        if (first.startsWith("-") && first.length() > 1) {
            return "unknown option '" + first + "'" + hint;
        }
        CommandLine.Model.CommandSpec spec = u.getCommandLine().getCommandSpec();
        if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
            return "unknown command '" + first + "'" + hint;
        }
        String quoted = words.stream().map(w -> "'" + w + "'").collect(Collectors.joining(" "));
        String count = words.size() == 1 ? "one argument" : words.size() + " arguments";
        if (spec.positionalParameters().isEmpty()) {
            return count + " too many: " + quoted + "; " + spec.name() + " takes none" + hint;
        }
        String labels =
                spec.positionalParameters().stream().map(p -> p.paramLabel()).collect(Collectors.joining(" "));
        return count + " too many: " + quoted + "; " + spec.name() + " takes " + labels
                + " (quote a value that has spaces)" + hint;
    }

    private static String lowerFirst(String s) {
        if (s.isEmpty() || s.length() > 1 && Character.isUpperCase(s.charAt(1))) {
            return s;
        }
        return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
}
