package dev.jollama.core.daemon;

import java.util.List;
import java.util.Map;

/**
 * A request to {@code /api/embed}: texts to turn into vectors, in order. {@code truncate} and {@code
 * dimensions} are left to Ollama's defaults (truncate to the context, the model's full length) when null.
 */
public record EmbedRequest(
        String model,
        List<String> input,
        Boolean truncate,
        Integer dimensions,
        Map<String, Object> options,
        String keepAlive) {

    public EmbedRequest {
        input = input == null ? List.of() : List.copyOf(input);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** The same settings for other texts: how a stream of inputs is sent in batches. */
    public EmbedRequest withInput(List<String> texts) {
        return new EmbedRequest(model, texts, truncate, dimensions, options, keepAlive);
    }
}
