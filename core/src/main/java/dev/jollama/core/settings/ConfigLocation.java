package dev.jollama.core.settings;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the config file is: {@code --config}, else {@code JOLLAMA_CONFIG}, else
 * {@code $XDG_CONFIG_HOME/jollama/config.json}, else {@code ~/.config/jollama/config.json}.
 *
 * @param explicit true when the user named the file, so a missing file is an error, not "no config"
 */
public record ConfigLocation(Path path, boolean explicit) {

    public static ConfigLocation resolve(String flag, Map<String, String> env) {
        if (flag != null && !flag.isBlank()) {
            return new ConfigLocation(Path.of(flag), true);
        }
        String fromEnv = env.get("JOLLAMA_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new ConfigLocation(Path.of(fromEnv), true);
        }
        return new ConfigLocation(XdgDirs.of(env).config().resolve("config.json"), false);
    }
}
