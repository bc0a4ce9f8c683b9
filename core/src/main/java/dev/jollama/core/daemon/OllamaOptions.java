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
 * here with a clear message instead of being silently ignored by the daemon. The current ones are those
 * of Ollama's {@code api/types.go} ({@code Options} and {@code Runner}, at ollama/ollama@fb30760); the
 * ones it dropped are still typed and sent (an older daemon may use them) but are said to do nothing.
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

    /** Options Ollama removed from its {@code Options}: the release that first ignored each. */
    private static final Map<String, String> REMOVED = new LinkedHashMap<>();

    static {
        // Runner: set when the model loads.
        current("num_ctx", Type.INT);
        current("num_batch", Type.INT);
        current("num_gpu", Type.INT);
        current("main_gpu", Type.INT);
        current("use_mmap", Type.BOOL);
        current("num_thread", Type.INT);
        current("draft_num_predict", Type.INT);
        // Options: used at each prediction.
        current("num_keep", Type.INT);
        current("seed", Type.INT);
        current("num_predict", Type.INT);
        current("top_k", Type.INT);
        current("top_p", Type.FLOAT);
        current("min_p", Type.FLOAT);
        current("typical_p", Type.FLOAT);
        current("repeat_last_n", Type.INT);
        current("temperature", Type.FLOAT);
        current("repeat_penalty", Type.FLOAT);
        current("presence_penalty", Type.FLOAT);
        current("frequency_penalty", Type.FLOAT);
        current("stop", Type.STRINGS);
        // Dropped from api/types.go; the first release without each (git tag --contains of its removal).
        removed("mirostat", Type.INT, "0.7.0");
        removed("mirostat_tau", Type.FLOAT, "0.7.0");
        removed("mirostat_eta", Type.FLOAT, "0.7.0");
        removed("low_vram", Type.BOOL, "0.7.0");
        removed("f16_kv", Type.BOOL, "0.7.0");
        removed("logits_all", Type.BOOL, "0.7.0");
        removed("vocab_only", Type.BOOL, "0.7.0");
        removed("use_mlock", Type.BOOL, "0.7.0");
        removed("penalize_newline", Type.BOOL, "0.5.5");
        removed("tfs_z", Type.FLOAT, "0.5.2");
        removed("numa", Type.BOOL, "0.3.4");
        removed("num_gqa", Type.INT, "0.1.35");
        removed("rope_frequency_base", Type.FLOAT, "0.1.35");
        removed("rope_frequency_scale", Type.FLOAT, "0.1.35");
        removed("embedding_only", Type.BOOL, "0.1.28");
    }

    private static void current(String name, Type type) {
        KNOWN.put(name, type);
    }

    private static void removed(String name, Type type, String since) {
        KNOWN.put(name, type);
        REMOVED.put(name, since);
    }

    private OllamaOptions() {}

    /** The options current Ollama uses, for completion and hints (the dropped ones are not offered). */
    public static Collection<String> known() {
        return KNOWN.keySet().stream().filter(k -> !REMOVED.containsKey(k)).toList();
    }

    /** Whether jollama knows the option's type: a current one, or one Ollama dropped. */
    public static boolean isKnown(String key) {
        return KNOWN.containsKey(key);
    }

    /** The Ollama release that stopped using {@code key}, or null for a current or unknown option. */
    public static String removedSince(String key) {
        return REMOVED.get(key);
    }

    /** The warning for an option Ollama dropped ("Ollama ignores mirostat since 0.7.0 …"), or null. */
    public static String removedWarning(String key) {
        String since = REMOVED.get(key);
        return since == null ? null : "Ollama ignores " + key + " since " + since + ": it is sent, and does nothing";
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
        return NearestMatch.hint(key, known());
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
