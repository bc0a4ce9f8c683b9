package dev.jollama.core.hosts;

import dev.jollama.core.error.InvalidConfigException;
import java.util.Locale;

/** The protocol a host speaks: Ollama's own API, or the OpenAI-compatible one (vLLM, llama.cpp…). */
public enum Api {
    OLLAMA,
    OPENAI;

    public static Api parse(String text, String where) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(where + ": unknown API '" + text + "': use \"ollama\" or \"openai\"");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
