package dev.jollama.core.openai;

import dev.jollama.core.daemon.ChatMessage;
import dev.jollama.core.daemon.ChatRequest;
import dev.jollama.core.daemon.GenerateRequest;
import dev.jollama.core.daemon.ThinkValue;
import dev.jollama.core.daemon.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Ollama-shaped requests as {@code /v1/chat/completions} bodies. Options with an OpenAI name are
 * renamed ({@code num_predict} → {@code max_tokens}); {@code top_k} and {@code min_p}, which vLLM,
 * llama.cpp and LM Studio accept as extensions, pass as they are; the rest ({@code num_ctx},
 * {@code num_gpu}…) are the engine's own start-up settings and are left out, said once with -v.
 */
final class OpenAiRequests {

    private static final Map<String, String> RENAMED = Map.of(
            "num_predict", "max_tokens",
            "temperature", "temperature",
            "top_p", "top_p",
            "seed", "seed",
            "stop", "stop",
            "presence_penalty", "presence_penalty",
            "frequency_penalty", "frequency_penalty",
            "top_k", "top_k",
            "min_p", "min_p");

    private static final Set<String> IMAGE_PREFIXES = Set.of("iVBOR", "/9j/", "R0lG", "UklGR");

    private OpenAiRequests() {}

    static Map<String, Object> chat(ChatRequest request, Consumer<String> trace) {
        Map<String, Object> body =
                body(request.model(), request.messages(), request.options(), request.format(), trace);
        if (request.tools() != null) {
            body.put("tools", request.tools()); // the shape Ollama takes too (RequestJson writes it)
        }
        think(body, request.think());
        return body;
    }

    /**
     * Ollama's think as these engines take it: a level is {@code reasoning_effort} (no "max": "high"),
     * on or off is the chat template's {@code enable_thinking} (vLLM's and llama.cpp's Qwen3 switch).
     */
    static void think(Map<String, Object> body, Object think) {
        if (think instanceof String level) {
            body.put("reasoning_effort", ThinkValue.reasoningEffort(level));
        } else if (think instanceof Boolean on) {
            body.put("chat_template_kwargs", Map.of("enable_thinking", on));
        }
    }

    static Map<String, Object> generate(GenerateRequest request, Consumer<String> trace) {
        List<ChatMessage> messages = new ArrayList<>();
        if (request.system() != null) {
            messages.add(ChatMessage.system(request.system()));
        }
        messages.add(ChatMessage.user(request.prompt(), request.images()));
        Map<String, Object> body = body(request.model(), messages, request.options(), request.format(), trace);
        think(body, request.think());
        return body;
    }

    private static Map<String, Object> body(
            String model,
            List<ChatMessage> messages,
            Map<String, Object> options,
            Object format,
            Consumer<String> trace) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        List<Object> wire = new ArrayList<>();
        for (ChatMessage m : messages) {
            wire.add(message(m));
        }
        body.put("messages", wire);
        body.put("stream", true);
        // Without it the token counts never arrive: they come in one last chunk with no choices.
        body.put("stream_options", Map.of("include_usage", true));
        if (options != null) {
            List<String> dropped = new ArrayList<>();
            options.forEach((key, value) -> {
                String name = RENAMED.get(key);
                if (name != null) {
                    body.put(name, value);
                } else {
                    dropped.add(key);
                }
            });
            if (!dropped.isEmpty() && trace != null) {
                trace.accept("not sent to an OpenAI-compatible engine (set them where the engine starts): "
                        + String.join(", ", dropped));
            }
        }
        if (format != null) {
            body.put("response_format", responseFormat(format));
        }
        return body;
    }

    private static Object responseFormat(Object format) {
        if ("json".equals(format)) {
            return Map.of("type", "json_object");
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("name", "response");
        schema.put("schema", format);
        return Map.of("type", "json_schema", "json_schema", schema);
    }

    private static Object message(ChatMessage m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", m.role());
        if ("tool".equals(m.role())) {
            // {role, tool_call_id, content}: the API matches a result to its call by id, not by name.
            out.put("tool_call_id", m.toolCallId());
            out.put("content", m.content() == null ? "" : m.content());
            return out;
        }
        if (m.toolCalls() != null) {
            List<Object> calls = new ArrayList<>();
            for (ToolCall call : m.toolCalls()) {
                calls.add(toolCall(call));
            }
            out.put("tool_calls", calls);
        }
        String text = m.content() == null ? "" : m.content();
        if (m.images() == null || m.images().isEmpty()) {
            out.put("content", text);
            return out;
        }
        List<Object> parts = new ArrayList<>();
        parts.add(Map.of("type", "text", "text", text));
        for (String base64 : m.images()) {
            parts.add(Map.of("type", "image_url", "image_url", Map.of("url", dataUrl(base64))));
        }
        out.put("content", parts);
        return out;
    }

    /**
     * {@code {id, type: "function", function: {name, arguments: "<JSON text>"}}}: the arguments go back
     * as the engine sent them, a malformed text included, so the model sees what it wrote.
     */
    private static Object toolCall(ToolCall call) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", call.name());
        String arguments = call.rawArguments() != null
                ? call.rawArguments()
                : call.arguments() != null ? call.arguments().toString() : "{}";
        function.put("arguments", arguments);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", call.id());
        out.put("type", "function");
        out.put("function", function);
        return out;
    }

    /** Ollama takes bare base64; a data URL needs the type, read from the image's first bytes. */
    static String dataUrl(String base64) {
        String type = "image/png";
        for (String prefix : IMAGE_PREFIXES) {
            if (base64.startsWith(prefix)) {
                type = switch (prefix) {
                    case "/9j/" -> "image/jpeg";
                    case "R0lG" -> "image/gif";
                    case "UklGR" -> "image/webp";
                    default -> "image/png";
                };
            }
        }
        return "data:" + type + ";base64," + base64;
    }
}
