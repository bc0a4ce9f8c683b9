package dev.jollama.core.chat;

import dev.jollama.core.profile.Profile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a conversation talks to its model: a profile's settings with the user's overrides applied.
 *
 * @param profile the profile name, or null when the user named a bare model tag
 * @param format {@code "json"} or a JSON schema (a Jackson tree), or null for free text
 * @param think true or false to turn thinking on or off, a level (low, medium, high, max), or null
 *     for the model's default
 * @param truncate true lets Ollama cut an input longer than the context as it always did ({@code
 *     --truncate}); false (the default) asks it to refuse instead, so no cut is ever silent
 */
public record ChatSettings(
        String profile,
        String model,
        String system,
        Map<String, Object> options,
        Object format,
        Object think,
        String keepAlive,
        boolean truncate) {

    public ChatSettings {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public ChatSettings(
            String profile,
            String model,
            String system,
            Map<String, Object> options,
            Object format,
            Object think,
            String keepAlive) {
        this(profile, model, system, options, format, think, keepAlive, false);
    }

    public static ChatSettings of(Profile p) {
        return new ChatSettings(
                p.name().equals(p.model()) ? null : p.name(),
                p.model(),
                p.system(),
                p.options(),
                null,
                null,
                p.keepAlive());
    }

    /**
     * What these settings become when the user names a model or a profile in a chat ({@code /model},
     * {@code /profile}): a profile brings its model, system prompt and options; a bare model keeps
     * the rest. Thinking, and whether Ollama may cut, stay as the user set them.
     */
    public ChatSettings switchedTo(java.util.Map<String, Profile> profiles, String modelOrProfile) {
        Profile profile = profiles.get(modelOrProfile);
        return profile != null ? of(profile).withThink(think).withTruncate(truncate) : withModel(modelOrProfile);
    }

    /** The same settings for another model; no profile any more, since it names its own model. */
    public ChatSettings withModel(String value) {
        return new ChatSettings(null, value, system, options, format, think, keepAlive, truncate);
    }

    public ChatSettings withSystem(String text) {
        return new ChatSettings(profile, model, text, options, format, think, keepAlive, truncate);
    }

    /** These options over the current ones; a key given again replaces the old value. */
    public ChatSettings withOptions(Map<String, Object> more) {
        Map<String, Object> merged = new LinkedHashMap<>(options);
        merged.putAll(more);
        return new ChatSettings(profile, model, system, merged, format, think, keepAlive, truncate);
    }

    public ChatSettings withFormat(Object value) {
        return new ChatSettings(profile, model, system, options, value, think, keepAlive, truncate);
    }

    /** {@code value}: a Boolean, a level of {@link dev.jollama.core.daemon.ThinkValue}, or null. */
    public ChatSettings withThink(Object value) {
        return new ChatSettings(profile, model, system, options, format, value, keepAlive, truncate);
    }

    public ChatSettings withKeepAlive(String value) {
        return new ChatSettings(profile, model, system, options, format, think, value, truncate);
    }

    /** Whether Ollama may cut an input longer than the context ({@code --truncate}). */
    public ChatSettings withTruncate(boolean value) {
        return new ChatSettings(profile, model, system, options, format, think, keepAlive, value);
    }

    /** The num_ctx the user or profile set, if any. */
    public Integer numCtx() {
        return options.get("num_ctx") instanceof Number n ? n.intValue() : null;
    }
}
