package dev.jollama.core.daemon;

import java.util.List;

/**
 * Ollama's answer to {@code /api/embed}: one vector per input, in the order sent, with the daemon's
 * counters (durations in nanoseconds; {@code promptEvalCount} is the tokens of all the inputs).
 */
public record EmbedResult(
        String model, List<float[]> embeddings, long totalDuration, long loadDuration, int promptEvalCount) {

    public EmbedResult {
        embeddings = List.copyOf(embeddings);
    }
}
