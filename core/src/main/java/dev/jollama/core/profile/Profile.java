package dev.jollama.core.profile;

import java.util.List;
import java.util.Map;

/**
 * A named way to run a model: the Ollama tag plus the system prompt, options and keep-alive that go
 * with it, what the machine needs to run it, and the tools it offers ({@code tools}, as {@code -T}
 * takes them) and lets run without asking ({@code allow}, as {@code --allow}).
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
        String host,
        List<String> tools,
        List<String> allow) {

    public Profile {
        options = options == null ? Map.of() : Map.copyOf(options);
        tools = tools == null ? List.of() : List.copyOf(tools);
        allow = allow == null ? List.of() : List.copyOf(allow);
    }

    public Profile(
            String name,
            String model,
            String description,
            String system,
            Map<String, Object> options,
            String keepAlive,
            Requirements requirements,
            boolean builtIn,
            String host) {
        this(name, model, description, system, options, keepAlive, requirements, builtIn, host, null, null);
    }

    /** A profile that is just a model tag, for when a user names a model rather than a profile. */
    public static Profile ofModel(String model) {
        return new Profile(model, model, null, null, Map.of(), null, null, false, null);
    }
}
