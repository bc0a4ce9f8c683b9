package dev.jollama.core.chat;

import dev.jollama.core.daemon.ChatMessage;
import dev.jollama.core.daemon.ToolCall;
import java.time.Instant;
import java.util.List;

/**
 * One message of a conversation with when it was written, and how its exchange ended:
 *
 * <ul>
 *   <li>complete: sent as context;
 *   <li>{@code interrupted}: the user pressed Ctrl-C. An assistant turn holds the partial answer, sent
 *       as context as far as it went if the user goes on; a user turn with no answer at all is kept
 *       for {@code /retry} but not sent as context;
 *   <li>{@code failed}: a user turn whose answer failed (an error). Shown, never sent as context;
 *       {@code /retry} sends it again, a new message replaces it.
 * </ul>
 */
public record Turn(
        String role,
        String content,
        List<String> images,
        Instant at,
        boolean interrupted,
        boolean failed,
        List<ToolCall> toolCalls,
        String toolName,
        String toolCallId,
        ToolOutcome tool) {

    /**
     * How a tool call went, kept with its result so a saved chat shows it: who approved it
     * ({@code --allow}, always, yes, denied), whether it failed and how long it took.
     */
    public record ToolOutcome(String approval, boolean error, long millis) {}

    public Turn {
        toolCalls = toolCalls == null || toolCalls.isEmpty() ? null : List.copyOf(toolCalls);
    }

    public Turn(String role, String content, List<String> images, Instant at, boolean interrupted, boolean failed) {
        this(role, content, images, at, interrupted, failed, null, null, null, null);
    }

    /** The model's turn that asked for tool calls (with whatever text came with them). */
    public static Turn toolCalls(String content, List<ToolCall> calls, Instant at) {
        return new Turn("assistant", content, null, at, false, false, calls, null, null, null);
    }

    /** One call's result, as it was sent back to the model. */
    public static Turn toolResult(ToolCall call, String content, ToolOutcome outcome, Instant at) {
        return new Turn("tool", content, null, at, false, false, null, call.name(), call.id(), outcome);
    }

    public static Turn user(String content, List<String> images, Instant at) {
        return new Turn("user", content, images == null || images.isEmpty() ? null : images, at, false, false);
    }

    public static Turn assistant(String content, Instant at, boolean interrupted) {
        return new Turn("assistant", content, null, at, interrupted, false);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isUser() {
        return "user".equals(role);
    }

    /** A user turn that got no answer to keep: failed, or interrupted before the first word. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isUnanswered() {
        return isUser() && (failed || interrupted);
    }

    public Turn asFailed() {
        return new Turn(role, content, images, at, false, true, toolCalls, toolName, toolCallId, tool);
    }

    public Turn asInterrupted() {
        return new Turn(role, content, images, at, true, false, toolCalls, toolName, toolCallId, tool);
    }

    /** The same question, to be sent again. */
    public Turn asPending() {
        return new Turn(role, content, images, at, false, false, toolCalls, toolName, toolCallId, tool);
    }

    public ChatMessage message() {
        return new ChatMessage(role, content, null, images, toolCalls, toolName, toolCallId);
    }
}
