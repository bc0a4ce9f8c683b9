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
 * databind (hundreds of classes, tens of milliseconds at start-up); only a JSON-schema {@code format},
 * already a databind tree, brings it in.
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
        } else if (v instanceof ChatRequest r) {
            g.writeStartObject();
            g.writeStringField("model", r.model());
            g.writeArrayFieldStart("messages");
            for (ChatMessage m : r.messages()) {
                g.writeStartObject();
                g.writeStringField("role", m.role());
                g.writeStringField("content", m.content() == null ? "" : m.content());
                if (m.images() != null && !m.images().isEmpty()) {
                    g.writeFieldName("images");
                    value(g, m.images());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            common(g, r.options(), r.format(), r.think(), r.keepAlive(), r.stream());
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
            common(g, r.options(), r.format(), r.think(), r.keepAlive(), r.stream());
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
        } else if (v instanceof TreeNode tree) {
            // A JSON schema given with --format @file: already parsed by databind, written by it.
            g.setCodec(Json.wire());
            g.writeTree(tree);
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
    }

    private void common(
            JsonGenerator g,
            Map<String, Object> options,
            Object format,
            Boolean think,
            String keepAlive,
            boolean stream)
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
            g.writeBooleanField("think", think);
        }
        if (keepAlive != null) {
            g.writeFieldName("keep_alive");
            value(g, Durations.keepAliveJson(keepAlive));
        }
        g.writeBooleanField("stream", stream);
    }
}
