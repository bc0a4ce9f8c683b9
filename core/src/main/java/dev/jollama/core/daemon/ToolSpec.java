package dev.jollama.core.daemon;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool offered to the model: sent as {@code {"type": "function", "function": {name, description,
 * parameters}}} to both Ollama and OpenAI-compatible engines.
 *
 * @param parameters a JSON schema (an object), its key order kept as written
 */
public record ToolSpec(String name, String description, JsonNode parameters) {}
