package dev.jollama.core.daemon;

import java.util.List;
import java.util.Map;

/**
 * A request to {@code /api/chat}. {@code format} is {@code "json"} or a JSON schema; {@code think}
 * (a Boolean, or a level of {@link ThinkValue}) null leaves the model's default; {@code keepAlive} is a duration string such as {@code "5m"};
 * {@code tools} (or null) are offered to the model, which may answer with calls instead of text.
 */
public record ChatRequest(
        String model,
        List<ChatMessage> messages,
        Map<String, Object> options,
        Object format,
        Object think,
        String keepAlive,
        boolean stream,
        List<ToolSpec> tools) {

    public ChatRequest {
        tools = tools == null || tools.isEmpty() ? null : List.copyOf(tools);
    }

    public ChatRequest(
            String model,
            List<ChatMessage> messages,
            Map<String, Object> options,
            Object format,
            Object think,
            String keepAlive,
            boolean stream) {
        this(model, messages, options, format, think, keepAlive, stream, null);
    }
}
