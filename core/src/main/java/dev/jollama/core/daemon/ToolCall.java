package dev.jollama.core.daemon;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A call the model asked for in its answer. Ollama sends the arguments as a JSON object and may omit
 * {@code id} and {@code index} (older daemons: results are then matched by position);
 * OpenAI-compatible engines stream them as string fragments, joined per {@code index}.
 *
 * @param id the call's id, or null when the engine sent none
 * @param index its position among the turn's calls, or null
 * @param arguments the arguments as a JSON object, or null when {@code rawArguments} is not valid JSON
 * @param rawArguments the arguments as the engine sent them (a JSON string for OpenAI engines; the
 *     object's text for Ollama), kept so that a malformed one can be told to the model as it was
 */
public record ToolCall(String id, Integer index, String name, JsonNode arguments, String rawArguments) {

    /** True when the arguments are a JSON object a tool can read. */
    public boolean argumentsValid() {
        return arguments != null && arguments.isObject();
    }
}
