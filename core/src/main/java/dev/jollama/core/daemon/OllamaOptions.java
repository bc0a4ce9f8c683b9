package dev.jollama.core.daemon;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.text.NearestMatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model options Ollama understands, with their types, so that {@code temperature=hot} is caught
 * here with a clear message instead of being silently ignored by the daemon.
 */
public final class OllamaOptions {

    /** The type of a known option. */
    public enum Type {
        INT,
        FLOAT,
        BOOL,
        STRINGS
    }

    private static final Map<String, Type> KNOWN = new LinkedHashMap<>();

    static {
        for (String k : List.of(
                "num_ctx",
                "num_predict",
                "num_keep",
                "seed",
                "top_k",
                "repeat_last_n",
                "num_gpu",
                "main_gpu",
                "num_thread",
                "num_batch",
                "mirostat")) {
            KNOWN.put(k, Type.INT);
        }
        for (String k : List.of(
                "temperature",
                "top_p",
                "min_p",
                "typical_p",
                "repeat_penalty",
                "presence_penalty",
                "frequency_penalty",
                "mirostat_tau",
                "mirostat_eta")) {
            KNOWN.put(k, Type.FLOAT);
        }
        for (String k : List.of("use_mmap", "numa", "penalize_newline")) {
            KNOWN.put(k, Type.BOOL);
        }
        KNOWN.put("stop", Type.STRINGS);
    }

    private OllamaOptions() {}

    public static Collection<String> known() {
        return KNOWN.keySet();
    }

    public static boolean isKnown(String key) {
        return KNOWN.containsKey(key);
    }

    /**
     * Parses {@code KEY=VALUE} pairs; {@code stop} may repeat and collects into a list. Unknown keys
     * pass through (newer daemons add options), typed as a number or boolean when they look like one.
     */
    public static Map<String, Object> parsePairs(List<String> pairs) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException("option '" + pair + "' is not KEY=VALUE, for example temperature=0.2");
            }
            put(options, pair.substring(0, eq).strip(), pair.substring(eq + 1));
        }
        return options;
    }

    /** Adds one option given as text to {@code options}, checking its type. */
    @SuppressWarnings("unchecked")
    public static void put(Map<String, Object> options, String key, String text) {
        Object value = parse(key, text);
        if (KNOWN.get(key) == Type.STRINGS) {
            List<String> stops =
                    options.get(key) instanceof List<?> l ? new ArrayList<>((List<String>) l) : new ArrayList<>();
            stops.add((String) value);
            options.put(key, stops);
        } else {
            options.put(key, value);
        }
    }

    /** The typed value of one option given as text. */
    public static Object parse(String key, String text) {
        Type type = KNOWN.get(key);
        String v = text.strip();
        if (type == null) {
            return guess(v);
        }
        try {
            return switch (type) {
                case INT -> Integer.parseInt(v);
                case FLOAT -> {
                    double d = Double.parseDouble(v);
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        throw new NumberFormatException();
                    }
                    yield d;
                }
                case BOOL -> parseBool(v);
                case STRINGS -> text;
            };
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("option " + key + " wants " + describe(type) + ", not '" + text + "'");
        }
    }

    /** Checks a value that came from JSON (a config file); returns the problem or null. */
    public static String check(String key, Object value) {
        Type type = KNOWN.get(key);
        if (type == null) {
            return null;
        }
        boolean ok =
                switch (type) {
                    case INT -> value instanceof Integer || value instanceof Long;
                    case FLOAT -> value instanceof Number;
                    case BOOL -> value instanceof Boolean;
                    case STRINGS ->
                        value instanceof String
                                || value instanceof List<?> l && l.stream().allMatch(String.class::isInstance);
                };
        return ok ? null : "option " + key + " wants " + describe(type) + ", not " + value;
    }

    /** " (did you mean 'temperature'?)" for a misspelt option, or nothing. */
    public static String hint(String key) {
        return NearestMatch.hint(key, KNOWN.keySet());
    }

    private static String describe(Type type) {
        return switch (type) {
            case INT -> "a whole number";
            case FLOAT -> "a number";
            case BOOL -> "true or false";
            case STRINGS -> "text";
        };
    }

    private static boolean parseBool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(v);
        };
    }

    private static Object guess(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException notInt) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException notNumber) {
                return v;
            }
        }
    }
}
