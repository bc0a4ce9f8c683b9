package dev.jollama.core.daemon;

import java.util.List;

/**
 * One turn of a conversation; {@code images} are base64 strings for vision models. An assistant turn
 * may carry the {@code toolCalls} the model asked for; a {@code tool} turn is one call's result, naming
 * the tool and, when the engine gave one, the call's id.
 */
public record ChatMessage(
        String role,
        String content,
        String thinking,
        List<String> images,
        List<ToolCall> toolCalls,
        String toolName,
        String toolCallId) {

    public ChatMessage {
        toolCalls = toolCalls == null || toolCalls.isEmpty() ? null : List.copyOf(toolCalls);
    }

    public ChatMessage(String role, String content, String thinking, List<String> images) {
        this(role, content, thinking, images, null, null, null);
    }

    /** The model's turn that asked for {@code calls} (its text, often empty, kept as it came). */
    public static ChatMessage assistant(String content, String thinking, List<ToolCall> calls) {
        return new ChatMessage("assistant", content, thinking, null, calls, null, null);
    }

    /** One call's result, sent back after the assistant turn that asked for it. */
    public static ChatMessage tool(String toolName, String toolCallId, String content) {
        return new ChatMessage("tool", content, null, null, null, toolName, toolCallId);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, null, null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, null, null);
    }

    public static ChatMessage user(String content, List<String> images) {
        return new ChatMessage("user", content, null, images == null || images.isEmpty() ? null : images);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content, null, null);
    }
}
