package dev.jollama.core.daemon;

import java.util.List;
import java.util.Map;

/**
 * A request to {@code /api/chat}. {@code format} is {@code "json"} or a JSON schema; {@code think}
 * (a Boolean, or a level of {@link ThinkValue}) null leaves the model's default; {@code keepAlive} is a duration string such as {@code "5m"};
 * {@code tools} (or null) are offered to the model, which may answer with calls instead of text.
 * {@code truncate} false makes an input longer than the context a 400 instead of a silent cut of its
 * start; {@code shift} false ends the answer (done_reason "length") when the context is full instead
 * of shifting the conversation's start out. Null leaves either out: Ollama's default, true, and all a
 * daemon older than the field does.
 */
public record ChatRequest(
        String model,
        List<ChatMessage> messages,
        Map<String, Object> options,
        Object format,
        Object think,
        String keepAlive,
        boolean stream,
        List<ToolSpec> tools,
        Boolean truncate,
        Boolean shift) {

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

    public ChatRequest(
            String model,
            List<ChatMessage> messages,
            Map<String, Object> options,
            Object format,
            Object think,
            String keepAlive,
            boolean stream,
            List<ToolSpec> tools) {
        this(model, messages, options, format, think, keepAlive, stream, tools, null, null);
    }
}
