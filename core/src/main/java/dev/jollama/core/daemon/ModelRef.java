package dev.jollama.core.daemon;

import dev.jollama.core.error.InvalidInputException;
import java.util.Locale;

/**
 * A model name with the source it asks for, read the way Ollama reads it ({@code internal/modelref}):
 * {@code NAME:cloud} and {@code NAME:TAG-cloud} (also {@code NAME:TAG:cloud}) run on ollama.com through
 * the daemon, {@code NAME:local} (or {@code NAME:TAG:local}) only on the daemon's own machine, anything
 * else wherever the daemon has it. A name with both suffixes is refused, as Ollama refuses it.
 *
 * @param original the name as given, without surrounding blanks: what chat, generate, show and embed send
 * @param base the name without its source suffix ({@code gpt-oss:120b-cloud} → {@code gpt-oss:120b})
 */
public record ModelRef(String original, String base, Source source) {

    /** Where the name asks the model to run. */
    public enum Source {
        UNSPECIFIED,
        LOCAL,
        CLOUD
    }

    /**
     * @throws InvalidInputException for a blank name or one with both {@code :local} and {@code :cloud}
     */
    public static ModelRef parse(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty()) {
            throw new InvalidInputException("no model named: give a model tag such as llama3.2");
        }
        ModelRef ref = suffixed(name);
        if (ref.source != Source.UNSPECIFIED && suffixed(ref.base).source != Source.UNSPECIFIED) {
            throw new InvalidInputException(
                    "model '" + name + "' says both where to run: use either :local or" + " :cloud, not both");
        }
        return ref;
    }

    /** Whether {@code name} asks for ollama.com; false for a name that does not parse. */
    public static boolean isCloud(String name) {
        try {
            return parse(name).source == Source.CLOUD;
        } catch (InvalidInputException notAName) {
            return false;
        }
    }

    public boolean isCloud() {
        return source == Source.CLOUD;
    }

    /**
     * The name a pull sends, as Ollama's client normalises it: a cloud model in its older spelling that every
     * daemon with cloud models knows ({@code gpt-oss:120b:cloud} → {@code gpt-oss:120b-cloud},
     * {@code qwen3:cloud} stays), {@code :local} dropped (a pull is always to the daemon's disk).
     */
    public String pullName() {
        return switch (source) {
            case CLOUD -> hasTag(base) ? base + "-cloud" : base + ":cloud";
            case LOCAL -> base;
            case UNSPECIFIED -> original;
        };
    }

    // The last ":" starts the suffix; a ":" before the last "/" is a registry's port, not a tag.
    private static ModelRef suffixed(String name) {
        int colon = name.lastIndexOf(':');
        if (colon >= 0) {
            String suffix = name.substring(colon + 1).strip();
            String lower = suffix.toLowerCase(Locale.ROOT);
            if (lower.equals("cloud")) {
                return new ModelRef(name, name.substring(0, colon), Source.CLOUD);
            }
            if (lower.equals("local")) {
                return new ModelRef(name, name.substring(0, colon), Source.LOCAL);
            }
            if (!suffix.contains("/") && lower.endsWith("-cloud")) {
                return new ModelRef(
                        name, name.substring(0, colon + 1) + suffix.substring(0, suffix.length() - 6), Source.CLOUD);
            }
        }
        return new ModelRef(name, name, Source.UNSPECIFIED);
    }

    private static boolean hasTag(String name) {
        return name.lastIndexOf(':') > name.lastIndexOf('/');
    }
}
