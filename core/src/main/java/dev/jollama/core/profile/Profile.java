package dev.jollama.core.profile;

import java.util.Map;

/**
 * A named way to run a model: the Ollama tag plus the system prompt, options and keep-alive that go
 * with it, and what the machine needs to run it.
 */
public record Profile(
        String name,
        String model,
        String description,
        String system,
        Map<String, Object> options,
        String keepAlive,
        Requirements requirements,
        boolean builtIn,
        String host) {

    public Profile {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** A profile that is just a model tag, for when a user names a model rather than a profile. */
    public static Profile ofModel(String model) {
        return new Profile(model, model, null, null, Map.of(), null, null, false, null);
    }
}
