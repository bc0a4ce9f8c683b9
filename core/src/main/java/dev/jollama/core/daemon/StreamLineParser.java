package dev.jollama.core.daemon;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the NDJSON objects of a stream with Jackson's token parser, straight from the bytes. A streamed
 * answer is thousands of small objects; splitting lines into Strings and binding each to a record
 * through databind costs several times more CPU than walking the tokens, which a 100,000-chunk
 * stream makes visible (docs/performance.md). Unknown fields are skipped: the daemon adds new ones.
 */
final class StreamLineParser {

    /** The next object of a stream of them (consecutive root values), or null at its end. */
    StreamLine next(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            return null;
        }
        if (first != JsonToken.START_OBJECT) {
            throw new JsonParseException(p, "expected a JSON object, got " + first);
        }
        String model = null,
                response = null,
                thinking = null,
                doneReason = null,
                error = null,
                status = null,
                digest = null;
        ChatMessage message = null;
        boolean done = false;
        Long total = null, completed = null;
        long totalDuration = 0, loadDuration = 0, promptEvalDuration = 0, evalDuration = 0;
        int promptEvalCount = 0, evalCount = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "model" -> model = text(p);
                case "message" -> message = message(p);
                case "response" -> response = text(p);
                case "thinking" -> thinking = text(p);
                case "done" -> {
                    done = value == JsonToken.VALUE_TRUE;
                    p.skipChildren(); // {"done": {...}} must not leave its fields to be read as the line's
                }
                case "done_reason" -> doneReason = text(p);
                case "error" -> error = value == JsonToken.VALUE_STRING ? p.getText() : errorObject(p);
                case "status" -> status = text(p);
                case "digest" -> digest = text(p);
                case "total" -> total = number(p);
                case "completed" -> completed = number(p);
                case "total_duration" -> totalDuration = number(p);
                case "load_duration" -> loadDuration = number(p);
                case "prompt_eval_count" -> promptEvalCount = count(p);
                case "prompt_eval_duration" -> promptEvalDuration = number(p);
                case "eval_count" -> evalCount = count(p);
                case "eval_duration" -> evalDuration = number(p);
                default -> p.skipChildren();
            }
        }
        return new StreamLine(
                model,
                message,
                response,
                thinking,
                done,
                doneReason,
                error,
                status,
                digest,
                total,
                completed,
                totalDuration,
                loadDuration,
                promptEvalCount,
                promptEvalDuration,
                evalCount,
                evalDuration);
    }

    // A field of the wrong type is read as absent, and an object or array in its place is skipped
    // whole: left unread, its own fields would be taken for the line's.
    private static String text(JsonParser p) throws IOException {
        if (p.currentToken().isStructStart()) {
            p.skipChildren();
            return null;
        }
        return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getValueAsString();
    }

    private static long number(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t.isStructStart()) {
            p.skipChildren();
            return 0;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? (p.getBigIntegerValue().signum() > 0 ? Long.MAX_VALUE : 0)
                    : Math.max(0, p.getLongValue());
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return (long) Math.max(0, p.getDoubleValue()); // the cast saturates; NaN becomes 0
        }
        return t == JsonToken.VALUE_STRING ? Math.max(0, p.getValueAsLong(0)) : 0;
    }

    private static int count(JsonParser p) throws IOException {
        return (int) Math.min(Integer.MAX_VALUE, number(p));
    }

    // An error that is not a string is unusual; keep something readable rather than nothing.
    private static String errorObject(JsonParser p) throws IOException {
        p.skipChildren();
        return "the daemon reported an error it did not describe";
    }

    private static ChatMessage message(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String role = null, content = null, thinking = null;
        List<ToolCall> toolCalls = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "role" -> role = text(p);
                case "content" -> content = text(p);
                case "thinking" -> thinking = text(p);
                case "tool_calls" -> toolCalls = toolCalls(p);
                default -> p.skipChildren();
            }
        }
        return new ChatMessage(role, content, thinking, null, toolCalls, null, null);
    }

    /**
     * {@code [{"id"?, "function": {"index"?, "name", "arguments": {…}}}]}: {@code id} and {@code index}
     * are recent (older daemons send neither). Only here is databind loaded, for the arguments' tree.
     */
    private static List<ToolCall> toolCalls(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        List<ToolCall> calls = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_OBJECT) {
                calls.add(toolCall(p));
            } else {
                p.skipChildren(); // not a call: nothing to run
            }
        }
        return calls;
    }

    private static ToolCall toolCall(JsonParser p) throws IOException {
        String id = null, name = null;
        Integer index = null;
        JsonNode arguments = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("id")) {
                id = text(p);
            } else if (field.equals("function") && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String inner = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (inner) {
                        case "index" -> {
                            index = v == JsonToken.VALUE_NUMBER_INT ? Integer.valueOf(count(p)) : null;
                            p.skipChildren(); // an object in its place is not read as the function's fields
                        }
                        case "name" -> name = text(p);
                        case "arguments" -> arguments = Json.wire().readTree(p);
                        default -> p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return call(id, index, name, arguments);
    }

    /**
     * Ollama sends the arguments as an object; its text is kept as the raw arguments. Anything else is
     * not arguments a tool can take: a string is kept as it came (and read as JSON if it holds an
     * object, as an OpenAI engine would send it), another value as its JSON text.
     */
    private static ToolCall call(String id, Integer index, String name, JsonNode arguments) {
        if (arguments == null || arguments.isMissingNode() || arguments.isNull()) {
            return new ToolCall(id, index, name, null, null);
        }
        if (arguments.isObject()) {
            return new ToolCall(id, index, name, arguments, arguments.toString());
        }
        if (arguments.isTextual()) {
            String raw = arguments.asText();
            JsonNode parsed;
            try {
                parsed = Json.wire().readTree(raw);
            } catch (IOException notJson) {
                parsed = null;
            }
            return new ToolCall(id, index, name, parsed != null && parsed.isObject() ? parsed : null, raw);
        }
        return new ToolCall(id, index, name, null, arguments.toString());
    }
}
