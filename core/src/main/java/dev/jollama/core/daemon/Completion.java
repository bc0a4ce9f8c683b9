package dev.jollama.core.daemon;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A finished answer (and the tool calls it asked for, or null) with the daemon's counters (durations in nanoseconds, as Ollama sends them).
 * {@code doneReason} is {@code stop}, {@code length} (cut by num_predict or the context), {@code load}
 * or {@code unload}. {@code truncated}: the streamed answer or its thinking was longer than what
 * jollama keeps of one ({@link KeptText}); {@code content} and {@code thinking} hold their start.
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
        long evalDuration,
        @JsonProperty("tool_calls") @JsonInclude(JsonInclude.Include.NON_NULL) List<ToolCall> toolCalls,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean truncated) {

    public Completion {
        toolCalls = toolCalls == null || toolCalls.isEmpty() ? null : List.copyOf(toolCalls);
    }

    public Completion(
            String model,
            String content,
            String thinking,
            String doneReason,
            long totalDuration,
            long loadDuration,
            int promptEvalCount,
            long promptEvalDuration,
            int evalCount,
            long evalDuration,
            List<ToolCall> toolCalls) {
        this(
                model,
                content,
                thinking,
                doneReason,
                totalDuration,
                loadDuration,
                promptEvalCount,
                promptEvalDuration,
                evalCount,
                evalDuration,
                toolCalls,
                false);
    }

    public Completion(
            String model,
            String content,
            String thinking,
            String doneReason,
            long totalDuration,
            long loadDuration,
            int promptEvalCount,
            long promptEvalDuration,
            int evalCount,
            long evalDuration) {
        this(
                model,
                content,
                thinking,
                doneReason,
                totalDuration,
                loadDuration,
                promptEvalCount,
                promptEvalDuration,
                evalCount,
                evalDuration,
                null);
    }

    /** The model asked for tools to be called instead of (or before) answering. */
    public boolean hasToolCalls() {
        return toolCalls != null;
    }

    /** Answer tokens per second, or 0 when the daemon sent no timing. */
    public double tokensPerSecond() {
        return evalDuration <= 0 ? 0 : evalCount * 1e9 / evalDuration;
    }

    public boolean wasCut() {
        return "length".equals(doneReason);
    }
}
