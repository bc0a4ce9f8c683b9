package dev.jollama.core.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A call's arguments, read field by field: a missing or wrong-typed field is a {@link ToolFailure}
 * naming it. Fields the tool does not know are ignored, as models add them.
 */
final class Arguments {

    /** How much of a string the model sent is echoed back in a message or a preview. */
    static final int ECHO = 200;

    private final JsonNode node;

    Arguments(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ToolFailure("the arguments must be a JSON object, not " + kind(node));
        }
        this.node = node;
    }

    JsonNode raw() {
        return node;
    }

    String string(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ToolFailure("missing required field '" + field + "' (a string)");
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
        return value.textValue();
    }

    /** The string, or null when the field is absent or null. */
    String optionalString(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : string(field);
    }

    /** A whole number of at least {@code min}, or null when the field is absent or null. */
    Integer optionalInt(String field, int min) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToInt()) {
            throw wrongType(field, "a whole number", value);
        }
        int n = value.asInt();
        if (n < min) {
            throw new ToolFailure("field '" + field + "' must be at least " + min + ", not " + n);
        }
        return n;
    }

    boolean optionalBoolean(String field, boolean otherwise) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "true or false", value);
        }
        return value.booleanValue();
    }

    /** The arguments pretty-printed for a preview, each long string cut to what a person can read. */
    static String pretty(JsonNode arguments) {
        if (arguments == null) {
            return "(no arguments)";
        }
        return dev.jollama.core.json.Json.pretty(capped(arguments, 2000));
    }

    /** {@code text} cut to {@code max} characters with how much was left out: never echo 10 MB back. */
    static String shown(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "… (" + text.length() + " characters in all)";
    }

    static String shown(String text) {
        return shown(text, ECHO);
    }

    /** One line for a summary: the first line of {@code text}, cut. */
    static String oneLine(String text, int max) {
        int newline = text.indexOf('\n');
        String first = newline < 0 ? text : text.substring(0, newline) + " …";
        return shown(first, max);
    }

    private static JsonNode capped(JsonNode node, int max) {
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(shown(node.textValue(), max));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(shown(field.getKey(), max), capped(field.getValue(), max));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            int i = 0;
            for (JsonNode element : node) {
                if (i++ == 100) {
                    copy.add("… (" + node.size() + " elements in all)");
                    break;
                }
                copy.add(capped(element, max));
            }
            return copy;
        }
        return node;
    }

    private static ToolFailure wrongType(String field, String expected, JsonNode value) {
        return new ToolFailure("field '" + field + "' must be " + expected + ", not " + kind(value));
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number (" + shown(node.asText(), 40) + ")";
            case BOOLEAN -> node.booleanValue() ? "true" : "false";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
