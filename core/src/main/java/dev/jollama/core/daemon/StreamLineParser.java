package dev.jollama.core.daemon;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

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
                case "model" -> model = p.getValueAsString();
                case "message" -> message = message(p);
                case "response" -> response = p.getValueAsString();
                case "thinking" -> thinking = p.getValueAsString();
                case "done" -> done = value == JsonToken.VALUE_TRUE;
                case "done_reason" -> doneReason = p.getValueAsString();
                case "error" -> error = value == JsonToken.VALUE_STRING ? p.getText() : errorObject(p);
                case "status" -> status = p.getValueAsString();
                case "digest" -> digest = p.getValueAsString();
                case "total" -> total = p.getValueAsLong();
                case "completed" -> completed = p.getValueAsLong();
                case "total_duration" -> totalDuration = p.getValueAsLong();
                case "load_duration" -> loadDuration = p.getValueAsLong();
                case "prompt_eval_count" -> promptEvalCount = p.getValueAsInt();
                case "prompt_eval_duration" -> promptEvalDuration = p.getValueAsLong();
                case "eval_count" -> evalCount = p.getValueAsInt();
                case "eval_duration" -> evalDuration = p.getValueAsLong();
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
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "role" -> role = p.getValueAsString();
                case "content" -> content = p.getValueAsString();
                case "thinking" -> thinking = p.getValueAsString();
                default -> p.skipChildren();
            }
        }
        return new ChatMessage(role, content, thinking, null);
    }
}
