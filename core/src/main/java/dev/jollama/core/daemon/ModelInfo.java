package dev.jollama.core.daemon;

import java.util.List;
import java.util.Map;

/**
 * A model's full description from {@code /api/show}; {@code license} and {@code system} are absent
 * (null) when the model has none.
 */
public record ModelInfo(
        String modelfile,
        String parameters,
        String template,
        ModelDetails details,
        Map<String, Object> modelInfo,
        List<String> capabilities,
        String modifiedAt,
        String license,
        String system) {

    /** The capability a model needs to be offered tools; without it Ollama refuses the request (400). */
    public static final String TOOLS = "tools";

    /** Whether the daemon lists {@code capability} ("completion", "tools", "vision", "thinking"…). */
    public boolean hasCapability(String capability) {
        return capabilities != null && capabilities.contains(capability);
    }

    /** Whether tools may be offered to the model: it lists the {@code tools} capability. */
    public boolean supportsTools() {
        return hasCapability(TOOLS);
    }

    /** The context length the weights were trained for ({@code <arch>.context_length}), if known. */
    public Integer contextLength() {
        if (modelInfo == null) {
            return null;
        }
        Object arch = modelInfo.get("general.architecture");
        Object value = arch == null ? null : modelInfo.get(arch + ".context_length");
        return value instanceof Number n ? n.intValue() : null;
    }

    /** The {@code num_ctx} the modelfile sets, which is what the daemon actually uses by default. */
    public Integer configuredContext() {
        if (parameters == null) {
            return null;
        }
        for (String line : parameters.split("\n")) {
            String[] parts = line.strip().split("\\s+", 2);
            if (parts.length == 2 && parts[0].equals("num_ctx")) {
                try {
                    return Integer.valueOf(parts[1].strip());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
