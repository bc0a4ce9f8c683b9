package dev.jollama.core.http;

import dev.jollama.core.error.InvalidConfigException;

/**
 * A bearer token for a daemon behind an authenticating proxy. The settings read it from the environment only,
 * never from or into a file, and its {@link #toString()} never shows it, so no log, trace or stack
 * trace can leak it.
 */
public final class ApiKey {

    private final String value;
    private final String source;

    private ApiKey(String value, String source) {
        this.value = value;
        this.source = source;
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
