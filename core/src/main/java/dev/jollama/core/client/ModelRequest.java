package dev.jollama.core.client;

import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.chat.StructuredFormat;
import dev.jollama.core.daemon.OllamaOptions;
import dev.jollama.core.daemon.ThinkValue;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.profile.Profile;
import dev.jollama.core.settings.Config;
import dev.jollama.core.text.Durations;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * MODEL|PROFILE with what the user gave on the command line over it: the one way run, chat, batch
 * and embed turn their arguments into the settings of a request. A profile brings its model, system
 * prompt, options and keep-alive; each override replaces the profile's value (options key by key).
 *
 * @param modelOrProfile a profile name or a model tag; null for the default profile
 * @param system replaces the profile's system prompt when not null
 * @param options {@code KEY=VALUE} pairs, type-checked; {@code stop} may repeat
 * @param format {@code json} or {@code @schema.json}, or null
 * @param think true or false, a level (low, medium, high, max), or null for the model's default
 * @param keepAlive a duration as Ollama takes it (5m, 1h, 0, -1), or null for the profile's
 * @param truncate true lets Ollama cut an input longer than the context ({@code --truncate}); null
 *     for the config's "truncate" (false unless set)
 */
public record ModelRequest(
        String modelOrProfile,
        String system,
        List<String> options,
        String format,
        Object think,
        String keepAlive,
        Boolean truncate) {

    public ModelRequest {
        options = options == null ? List.of() : List.copyOf(options);
    }

    public ModelRequest(
            String modelOrProfile, String system, List<String> options, String format, Object think, String keepAlive) {
        this(modelOrProfile, system, options, format, think, keepAlive, null);
    }

    /** Just a model or profile, nothing over it. */
    public static ModelRequest of(String modelOrProfile) {
        return new ModelRequest(modelOrProfile, null, List.of(), null, null, null);
    }

    /** The profile it names (a bare one for a model tag), or the default profile. */
    public Profile profile(Config config) {
        return modelOrProfile == null ? config.defaultProfileOrModel() : config.resolve(modelOrProfile);
    }

    /**
     * The settings a request uses. An option jollama does not know is sent as it is, with a warning on
     * {@code warnings}: a newer Ollama may know it. One that Ollama dropped is sent too, with a warning that
     * it does nothing.
     *
     * @throws InvalidInputException for an option, format or keep-alive that is not valid
     */
    public ChatSettings settings(Config config, Consumer<String> warnings) {
        ChatSettings settings = over(ChatSettings.of(profile(config)), warnings);
        return truncate == null && config.truncate() ? settings.withTruncate(true) : settings;
    }

    /** These overrides over settings a chat already has (a resumed one); the model stays the base's. */
    public ChatSettings over(ChatSettings base, Consumer<String> warnings) {
        ChatSettings settings = base;
        if (system != null) {
            settings = settings.withSystem(system);
        }
        settings = settings.withOptions(options(warnings));
        if (format != null) {
            settings = settings.withFormat(StructuredFormat.parse(format));
        }
        if (think != null) {
            settings = settings.withThink(ThinkValue.forModel(settings.model(), think, warnings));
        }
        if (keepAlive != null) {
            settings = settings.withKeepAlive(checkedKeepAlive(keepAlive));
        }
        if (truncate != null) {
            settings = settings.withTruncate(truncate);
        }
        // Once per option, whether the profile, the saved chat or -o set it.
        for (String key : settings.options().keySet()) {
            String removed = OllamaOptions.removedWarning(key);
            if (removed != null) {
                warnings.accept(removed);
            }
        }
        return settings;
    }

    /** The options given, parsed and checked, without the profile's. */
    public Map<String, Object> options(Consumer<String> warnings) {
        Map<String, Object> parsed = OllamaOptions.parsePairs(options);
        for (String key : parsed.keySet()) {
            if (!OllamaOptions.isKnown(key)) {
                warnings.accept("unknown option '" + key + "' is passed to Ollama as it is" + OllamaOptions.hint(key));
            }
        }
        return parsed;
    }

    /** A keep-alive Ollama will take, or a usage error naming the flag. */
    public static String checkedKeepAlive(String text) {
        if (Durations.parse(text) == null) {
            throw new InvalidInputException("--keep-alive wants a duration like 5m, 1h, 0 or -1, not '" + text + "'");
        }
        return text;
    }
}
