package dev.jollama.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration for the daemon's wire format and jollama's --json output: snake_case
 * like Ollama, unknown fields ignored because newer daemons add fields all the time.
 */
public final class Json {

    /**
     * The longest text value read from the daemon. Jackson's default (20M characters) is below what
     * jollama itself sends (the input limit, 32MiB by default): an answer or a {@code show} may be as
     * large. Beyond this the answer is refused with a message saying so, before memory runs out.
     */
    public static final int MAX_TEXT_CHARS = 256 * 1024 * 1024;

    private static final StreamReadConstraints LIMITS =
            StreamReadConstraints.builder().maxStringLength(MAX_TEXT_CHARS).build();

    /**
     * Built on first use, not with this class: {@link #tokens()} serves every streamed answer, and
     * loading databind with it (about 300 classes) cost {@code run} tens of milliseconds it never used.
     */
    private static final class Wire {
        static final ObjectMapper MAPPER = JsonMapper.builder(tokens())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    private Json() {}

    /** The token-level factory for the daemon's streams, with jollama's limits. */
    public static JsonFactory tokens() {
        return JsonFactory.builder().streamReadConstraints(LIMITS).build();
    }

    public static ObjectMapper wire() {
        return Wire.MAPPER;
    }

    /** {@code text} as a JSON string literal, quotes included: for output written a line at a time. */
    public static String quote(String text) {
        return "\""
                + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
                        .quoteAsString(text)) + "\"";
    }

    /** Pretty-printed JSON for humans and scripts reading jollama's --json output. */
    public static String pretty(Object value) {
        try {
            return Wire.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON text as a tree; text that is not JSON is an unreadable answer, not a crash. */
    public static com.fasterxml.jackson.databind.JsonNode readTree(byte[] bytes) {
        try {
            return Wire.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new dev.jollama.core.error.DaemonErrorException(200, "an answer that is not JSON: " + e.getMessage());
        }
    }

    public static String compact(Object value) {
        try {
            return Wire.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
