package dev.jollama.core.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON schema of a tool's arguments: an object of named, described fields, some required. */
final class Schema {

    private final ObjectNode root = JsonNodeFactory.instance.objectNode();
    private final ObjectNode properties;
    private final ArrayNode required;

    private Schema() {
        root.put("type", "object");
        properties = root.putObject("properties");
        required = root.putArray("required");
    }

    static Schema object() {
        return new Schema();
    }

    Schema required(String name, String type, String description) {
        required.add(name);
        return optional(name, type, description);
    }

    Schema optional(String name, String type, String description) {
        ObjectNode field = properties.putObject(name);
        field.put("type", type);
        field.put("description", description);
        if (type.equals("integer")) {
            field.put("minimum", 1);
        }
        return this;
    }

    JsonNode build() {
        root.put("additionalProperties", false);
        return root;
    }
}
