package dev.jollama.core.daemon;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A finished answer with the daemon's counters (durations in nanoseconds, as Ollama sends them).
 * {@code doneReason} is {@code stop}, {@code length} (cut by num_predict or the context), {@code load}
 * or {@code unload}.
 */
public record Completion(
        String model,
        // "response" in --json, as in Ollama's own non-chat answers: the name scripts already use.
        @JsonProperty("response") String content,
        String thinking,
        String doneReason,
        long totalDuration,
        long loadDuration,
        int promptEvalCount,
        long promptEvalDuration,
        int evalCount,
        long evalDuration) {

    /** Answer tokens per second, or 0 when the daemon sent no timing. */
    public double tokensPerSecond() {
        return evalDuration <= 0 ? 0 : evalCount * 1e9 / evalDuration;
    }

    public boolean wasCut() {
        return "length".equals(doneReason);
    }
}
