package dev.jollama.core.http;

import dev.jollama.core.error.InvalidConfigException;
import java.util.List;
import java.util.Map;

/**
 * A bearer token for a daemon behind an authenticating proxy. It is read from the environment only,
 * never from or into a file, and its {@link #toString()} never shows it, so no log, trace or stack
 * trace can leak it.
 */
public final class ApiKey {

    /** Where a key is looked for, first match wins: ours, then the name Ollama's own clients read. */
    public static final List<String> VARIABLES = List.of("JOLLAMA_API_KEY", "OLLAMA_API_KEY");

    private final String value;
    private final String source;

    private ApiKey(String value, String source) {
        this.value = value;
        this.source = source;
    }

    /** The key of the first non-blank variable of {@link #VARIABLES}, or null when none is set. */
    public static ApiKey fromEnvironment(Map<String, String> env) {
        for (String name : VARIABLES) {
            String raw = env.get(name);
            if (raw != null && !raw.isBlank()) {
                return of(raw.strip(), name);
            }
        }
        return null;
    }

    public static ApiKey of(String value, String source) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // A line break would let the value write headers of its own into the request.
            if (c < 0x21 || c > 0x7e) {
                throw new InvalidConfigException(source + " holds a space, a line break or a character outside"
                        + " printable ASCII at position " + (i + 1) + ": set it to the key alone");
            }
        }
        return new ApiKey(value, source);
    }

    /** The header value, for the request and nothing else. */
    String authorization() {
        return "Bearer " + value;
    }

    /** The variable the key came from. */
    public String source() {
        return source;
    }

    /** What may be shown of the key: where it came from and its length, never a character of it. */
    public String redacted() {
        return "Bearer <redacted: " + value.length() + " characters from " + source + ">";
    }

    @Override
    public String toString() {
        return redacted();
    }
}
