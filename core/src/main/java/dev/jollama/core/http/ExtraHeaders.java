package dev.jollama.core.http;

import dev.jollama.core.error.InvalidConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Headers sent with every request to one host, for a proxy in front of it (an access token, a tenant).
 * Checked once when read: a name is an HTTP token, a value holds no line break or control character (it
 * would write headers of its own), and the headers jollama frames and types each request with
 * ({@code Host}, {@code Content-Length}, {@code Transfer-Encoding}, {@code Connection}, {@code Content-Type},
 * {@code Accept}) cannot be replaced: they would break the exchange, or be lost without a word. Their values
 * are never shown: {@link #toString()} and {@code jollama config} give the names only.
 */
public final class ExtraHeaders {

    public static final ExtraHeaders NONE = new ExtraHeaders(Map.of(), "");

    /** What jollama writes itself to frame each request: replacing them would break it or smuggle another. */
    private static final Set<String> FRAMING =
            Set.of("host", "content-length", "transfer-encoding", "connection", "content-type", "accept");

    private final Map<String, String> headers;
    private final String source;

    private ExtraHeaders(Map<String, String> headers, String source) {
        this.headers = headers;
        this.source = source;
    }

    /**
     * {@code OLLAMA_HEADERS}' text: {@code Name: value} pairs, one per line; on a single line they may be
     * separated by {@code ;} instead (a value holding a {@code ;} then needs the one-per-line form).
     */
    public static ExtraHeaders parse(String text, String source) {
        String[] entries = text.contains("\n") ? text.split("\r?\n") : text.split(";");
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new InvalidConfigException(source + " holds '" + shownName(entry)
                        + "', which is not a header: write Name: value, one per line or separated by ;");
            }
            put(
                    out,
                    entry.substring(0, colon).strip(),
                    entry.substring(colon + 1).strip(),
                    source);
        }
        return of(out, source);
    }

    /** Headers given as an object ({@code "headers": {"X-Tenant": "a"}} in the config). */
    public static ExtraHeaders of(Map<String, String> given, String source) {
        Map<String, String> out = new LinkedHashMap<>();
        given.forEach((name, value) -> put(out, name.strip(), value.strip(), source));
        return out.isEmpty() ? NONE : new ExtraHeaders(Collections.unmodifiableMap(out), source);
    }

    private static void put(Map<String, String> out, String name, String value, String source) {
        if (name.isEmpty() || !name.chars().allMatch(ExtraHeaders::isTokenChar)) {
            throw new InvalidConfigException(source + ": '" + shownName(name) + "' is not a header name (letters,"
                    + " digits and -, as in X-Api-Tenant)");
        }
        if (FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
            throw new InvalidConfigException(
                    source + " sets " + name + ", which jollama writes itself for each" + " request: remove it");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new InvalidConfigException(source + ": the value of " + name + " holds a line break or a"
                        + " control character at position " + (i + 1));
            }
        }
        for (String existing : out.keySet()) {
            if (existing.equalsIgnoreCase(name)) {
                throw new InvalidConfigException(source + " sets " + name + " twice: keep one");
            }
        }
        out.put(name, value);
    }

    // RFC 9110 token characters.
    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /** A name as a message may show it: never a value, at most 40 characters of what was written. */
    private static String shownName(String text) {
        String name = text.strip();
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        name = name.replaceAll("[^\\x20-\\x7e]", "?");
        return name.length() <= 40 ? name : name.substring(0, 40) + "…";
    }

    public boolean isEmpty() {
        return headers.isEmpty();
    }

    /** The names, in the order given: what may be shown. */
    public List<String> names() {
        return new ArrayList<>(headers.keySet());
    }

    /** Where they came from: the variable or the config's field. */
    public String source() {
        return source;
    }

    /** Whether {@code name} is among them, whatever its case. */
    public boolean has(String name) {
        return headers.keySet().stream().anyMatch(n -> n.equalsIgnoreCase(name));
    }

    /** The headers with their values, for the request and nothing else. */
    Map<String, String> values() {
        return headers;
    }

    @Override
    public String toString() {
        return headers.isEmpty() ? "(none)" : String.join(", ", headers.keySet()) + " (values not shown)";
    }
}
