package dev.jollama.core.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one precedence chain, flag > environment > config file > default, for every {@link Setting},
 * with where each value came from. It is the only reader of the flags, the environment and the file;
 * {@link Settings} turns what it finds into typed values.
 */
public final class SettingsResolver {

    /** Where a value came from. */
    public enum Kind {
        FLAG,
        ENV,
        FILE,
        DEFAULT
    }

    /** {@code where}: the flag, the variable, "FILE:LINE", or "default". */
    public record Origin(Kind kind, String where) {

        /** As {@code jollama config} shows it: {@code --host}, {@code $OLLAMA_HOST}, {@code FILE:3}, default. */
        public String shown() {
            return kind == Kind.ENV ? "$" + where : where;
        }
    }

    /** A setting's value in effect, as text, and its origin. */
    public record Effective(Setting setting, String value, Origin origin) {}

    private final Map<Setting, String> flags;
    private final Map<String, String> env;
    private final Supplier<Config> config;
    private String text;

    /**
     * @param flags values given on the command line (absent when not given)
     * @param config the loaded config; asked only for settings no flag or variable decided
     */
    public SettingsResolver(Map<Setting, String> flags, Map<String, String> env, Supplier<Config> config) {
        this.flags = flags;
        this.env = env;
        this.config = config;
    }

    /** The value from a flag or the environment only, or null: what a lookup costs before the file. */
    public Effective fromFlagOrEnv(Setting s) {
        String flag = flags.get(s);
        if (flag != null) {
            return new Effective(s, flag, new Origin(Kind.FLAG, s.flag()));
        }
        for (String variable : s.envs()) {
            String value = variable(variable);
            if (value != null) {
                return new Effective(s, value, new Origin(Kind.ENV, variable));
            }
        }
        return null;
    }

    /** A variable's value, stripped, or null when it is unset or blank. */
    String variable(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The environment as the process got it: for the programs jollama starts, never for settings. */
    Map<String, String> environment() {
        return env;
    }

    public Effective effective(Setting s) {
        Effective early = fromFlagOrEnv(s);
        if (early != null) {
            return early;
        }
        if (s.key() != null) {
            Config c = config.get();
            Integer line = c.source() == null ? null : lineOf(c.source(), s);
            if (line != null) {
                return new Effective(s, s.valueIn(c), new Origin(Kind.FILE, c.source() + ":" + line));
            }
        }
        return new Effective(s, s.defaultText(), new Origin(Kind.DEFAULT, "default"));
    }

    public List<Effective> all() {
        List<Effective> out = new ArrayList<>();
        for (Setting s : Setting.values()) {
            out.add(effective(s));
        }
        return out;
    }

    private Integer lineOf(Path file, Setting s) {
        if (text == null) {
            try {
                text = new String(
                        dev.jollama.core.storage.OwnFiles.read(file, dev.jollama.core.storage.OwnFiles.Kind.CONFIG),
                        StandardCharsets.UTF_8);
            } catch (IOException | dev.jollama.core.error.JollamaException e) {
                return null;
            }
        }
        return ConfigFile.lineOf(text, s.keyPath());
    }
}
