package dev.jollama.core.settings;

import java.nio.file.Path;
import java.util.Map;

/** jollama's directories under the XDG base directory rules, from an environment map. */
public record XdgDirs(Path config, Path state, Path data) {

    public static XdgDirs of(Map<String, String> env) {
        Path home = home(env);
        return new XdgDirs(
                base(env, "XDG_CONFIG_HOME", home.resolve(".config")).resolve("jollama"),
                base(env, "XDG_STATE_HOME", home.resolve(".local/state")).resolve("jollama"),
                base(env, "XDG_DATA_HOME", home.resolve(".local/share")).resolve("jollama"));
    }

    /** $HOME, else the JVM's idea of it. */
    public static Path home(Map<String, String> env) {
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
    }

    // The spec says a relative value is invalid and must be ignored.
    private static Path base(Map<String, String> env, String key, Path fallback) {
        String value = env.get(key);
        return value != null && !value.isBlank() && Path.of(value).isAbsolute() ? Path.of(value) : fallback;
    }
}
