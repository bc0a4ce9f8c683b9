package dev.jollama.core.tools;

/**
 * What a call gave back, sent to the model as the {@code tool} message's content.
 *
 * @param error true when the call failed: the model is told so and may try otherwise
 */
public record ToolResult(String content, boolean error) {

    public static ToolResult ok(String content) {
        return new ToolResult(content, false);
    }

    public static ToolResult error(String message) {
        return new ToolResult(message, true);
    }
}
