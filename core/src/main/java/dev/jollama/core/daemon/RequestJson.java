package dev.jollama.core.daemon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.TreeNode;
import dev.jollama.core.json.Json;
import dev.jollama.core.text.Durations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes request bodies with Jackson's generator alone. A one-shot {@code run} then never loads
 * databind (hundreds of classes, tens of milliseconds at start-up); only what is already a databind
 * tree brings it in: a JSON-schema {@code format}, tools' schemas and tool calls' arguments.
 */
public final class RequestJson {

    private final JsonFactory factory;

    public RequestJson(JsonFactory factory) {
        this.factory = factory;
    }

    public byte[] write(Object body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = factory.createGenerator(out)) {
            value(g, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() != null) {
                    g.writeFieldName(e.getKey().toString());
                    value(g, e.getValue());
                }
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                value(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof ChatMessage m) {
            message(g, m); // the log keeps what was sent in the shape it was sent
        } else if (v instanceof ChatRequest r) {
            g.writeStartObject();
            g.writeStringField("model", r.model());
            g.writeArrayFieldStart("messages");
            for (ChatMessage m : r.messages()) {
                message(g, m);
            }
            g.writeEndArray();
            if (r.tools() != null) {
                g.writeFieldName("tools");
                value(g, r.tools());
            }
            common(g, r.options(), r.format(), r.think(), r.keepAlive(), r.stream(), r.truncate(), r.shift());
            g.writeEndObject();
        } else if (v instanceof GenerateRequest r) {
            g.writeStartObject();
            g.writeStringField("model", r.model());
            g.writeStringField("prompt", r.prompt());
            if (r.system() != null) {
                g.writeStringField("system", r.system());
            }
            if (r.images() != null && !r.images().isEmpty()) {
                g.writeFieldName("images");
                value(g, r.images());
            }
            common(g, r.options(), r.format(), r.think(), r.keepAlive(), r.stream(), r.truncate(), r.shift());
            g.writeEndObject();
        } else if (v instanceof EmbedRequest r) {
            g.writeStartObject();
            g.writeStringField("model", r.model());
            // Always an array, which Ollama takes for one text as well as for many.
            g.writeFieldName("input");
            value(g, r.input());
            if (r.truncate() != null) {
                g.writeBooleanField("truncate", r.truncate());
            }
            if (r.dimensions() != null) {
                g.writeNumberField("dimensions", r.dimensions());
            }
            if (!r.options().isEmpty()) {
                g.writeFieldName("options");
                value(g, r.options());
            }
            if (r.keepAlive() != null) {
                g.writeFieldName("keep_alive");
                value(g, Durations.keepAliveJson(r.keepAlive()));
            }
            g.writeEndObject();
        } else if (v instanceof ToolSpec tool) {
            // {"type": "function", "function": {…}}: the shape Ollama and the OpenAI-compatible engines share.
            g.writeStartObject();
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", tool.name());
            if (tool.description() != null) {
                g.writeStringField("description", tool.description());
            }
            if (tool.parameters() != null) {
                g.writeFieldName("parameters");
                value(g, tool.parameters()); // as given: the schema's key order is kept
            }
            g.writeEndObject();
            g.writeEndObject();
        } else if (v instanceof TreeNode tree) {
            // A JSON schema (--format @file, a tool's parameters, a call's arguments): written by databind.
            g.setCodec(Json.wire());
            g.writeTree(tree);
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
    }

    /** Ollama's {@code api.Message}: a tool result names its tool, and the call's id when there was one. */
    private void message(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", m.role());
        g.writeStringField("content", m.content() == null ? "" : m.content());
        if (m.images() != null && !m.images().isEmpty()) {
            g.writeFieldName("images");
            value(g, m.images());
        }
        if (m.toolCalls() != null) {
            g.writeArrayFieldStart("tool_calls");
            for (ToolCall call : m.toolCalls()) {
                g.writeStartObject();
                if (call.id() != null) {
                    g.writeStringField("id", call.id());
                }
                g.writeObjectFieldStart("function");
                if (call.index() != null) {
                    g.writeNumberField("index", call.index());
                }
                g.writeStringField("name", call.name());
                g.writeFieldName("arguments");
                if (call.argumentsValid()) {
                    value(g, call.arguments());
                } else {
                    // Ollama binds the arguments to an object and refuses anything else with a 400; a call
                    // whose arguments were not JSON (from another engine) goes as Ollama marshals none.
                    g.writeStartObject();
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (m.toolName() != null) {
            g.writeStringField("tool_name", m.toolName());
        }
        if (m.toolCallId() != null) {
            g.writeStringField("tool_call_id", m.toolCallId());
        }
        g.writeEndObject();
    }

    private void common(
            JsonGenerator g,
            Map<String, Object> options,
            Object format,
            Object think,
            String keepAlive,
            boolean stream,
            Boolean truncate,
            Boolean shift)
            throws IOException {
        if (options != null && !options.isEmpty()) {
            g.writeFieldName("options");
            value(g, options);
        }
        if (format != null) {
            g.writeFieldName("format");
            value(g, format);
        }
        if (think != null) {
            if (think instanceof String level) {
                g.writeStringField("think", level);
            } else {
                g.writeBooleanField("think", (Boolean) think);
            }
        }
        if (keepAlive != null) {
            g.writeFieldName("keep_alive");
            value(g, Durations.keepAliveJson(keepAlive));
        }
        g.writeBooleanField("stream", stream);
        if (truncate != null) {
            g.writeBooleanField("truncate", truncate);
        }
        if (shift != null) {
            g.writeBooleanField("shift", shift);
        }
    }
}
