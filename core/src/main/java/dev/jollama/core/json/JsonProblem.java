package dev.jollama.core.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a text that is not JSON, in a user's words rather than the parser's: "the JSON
 * ends before a } or ] closes it", not "Unexpected end-of-input … StreamReadFeature…". For the config
 * file, the MCP config, a --format schema, a batch line.
 */
public final class JsonProblem {

    private static final Pattern TOKEN = Pattern.compile("^Unrecognized token '([^']*)'");
    private static final Pattern CHARACTER = Pattern.compile("^Unexpected character \\('(.+?)' \\(code \\d+\\)\\)");

    private JsonProblem() {}

    /** {@code LINE:COLUMN: what is wrong}, or only what is wrong when the parser knew no place. */
    public static String at(JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        String what = describe(e);
        if (where == null || where.getLineNr() < 1) {
            return what;
        }
        return where.getLineNr() + ":" + where.getColumnNr() + ": " + what;
    }

    /** {@code line LINE, column COLUMN: what is wrong}, for a sentence ("the schema is not JSON: …"). */
    public static String atLineAndColumn(JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        String what = describe(e);
        if (where == null || where.getLineNr() < 1) {
            return what;
        }
        return "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + what;
    }

    /** What is wrong, without the place. */
    public static String describe(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (m.startsWith("Unexpected end-of-input")) {
            String lower = m.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("string") && !lower.contains("[source") || lower.contains("field name")) {
                return "the text ends inside a string: a closing \" is missing";
            }
            if (m.contains("Array")) {
                return "the text ends before a ] closes the list";
            }
            return "the text ends before a } closes the object";
        }
        if (m.startsWith("No content to map") || m.contains("end-of-input")) {
            return "the text is empty or ends too soon";
        }
        Matcher token = TOKEN.matcher(m);
        if (token.find()) {
            return "'" + shorten(token.group(1)) + "' is not a JSON value (text goes in double quotes; true, false"
                    + " and null are lower case)";
        }
        if (m.startsWith("Unexpected close marker")) {
            return "a " + closer(m) + " closes nothing";
        }
        if (m.startsWith("Illegal unquoted character")) {
            return "a line break or control character inside a string (write it as \\n or \\t)";
        }
        Matcher character = CHARACTER.matcher(m);
        if (character.find()) {
            String c = character.group(1);
            if (m.contains("double-quote to start field name")) {
                return c.equals("}")
                        ? "a , before the } has no field after it"
                        : "a field name must be in double quotes (found " + c + ")";
            }
            if (m.contains("comma to separate Object entries")) {
                return "a , or } is missing after a field's value (found " + c + ")";
            }
            if (m.contains("comma to separate Array entries")) {
                return "a , or ] is missing after a value in a list (found " + c + ")";
            }
            if (m.contains("colon to separate field name and value")) {
                return "a : is missing after a field name (found " + c + ")";
            }
            if (m.contains("comment")) {
                return "comments are not allowed here (found " + c + ")";
            }
            if (m.contains("expected a value") || m.contains("expected a valid value")) {
                return "a value cannot start with " + c;
            }
            return "unexpected " + c;
        }
        if (m.startsWith("Trailing token") || m.contains("trailing")) {
            return "more text after the end of the JSON value";
        }
        // Anything else: the parser's first sentence, without its notes about where it read from.
        String first = m.lines().findFirst().orElse("not JSON");
        int source = first.indexOf(" at [Source");
        if (source < 0) {
            source = first.indexOf(" (start marker");
        }
        return source < 0 ? first : first.substring(0, source);
    }

    private static String closer(String message) {
        return message.contains("']'") || message.contains("END_ARRAY") ? "]" : "}";
    }

    private static String shorten(String token) {
        return token.length() <= 40 ? token : token.substring(0, 40) + "…";
    }
}
