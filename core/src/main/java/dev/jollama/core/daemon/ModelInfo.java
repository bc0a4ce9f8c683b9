package dev.jollama.core.daemon;

import java.util.List;
import java.util.Map;

/**
 * A model's full description from {@code /api/show}; {@code license} and {@code system} are absent
 * (null) when the model has none.
 *
 * @param remoteModel for a model that runs elsewhere (a cloud model), the name it has there; else null
 * @param remoteHost where it runs ({@code https://ollama.com:443} for a cloud model); else null
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
        String system,
        String remoteModel,
        String remoteHost) {

    public ModelInfo(
            String modelfile,
            String parameters,
            String template,
            ModelDetails details,
            Map<String, Object> modelInfo,
            List<String> capabilities,
            String modifiedAt) {
        this(modelfile, parameters, template, details, modelInfo, capabilities, modifiedAt, null, null, null, null);
    }

    /** Whether it runs on another host than the daemon's machine (ollama.com for a cloud model). */
    public boolean runsElsewhere() {
        return remoteHost != null && !remoteHost.isEmpty();
    }

    /** The capability a model needs to be offered tools; without it Ollama refuses the request (400). */
    public static final String TOOLS = "tools";

    /** The capability a model needs to be given images. */
    public static final String VISION = "vision";

    /** The capability of a model made for {@code /api/embed}. */
    public static final String EMBEDDING = "embedding";

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
