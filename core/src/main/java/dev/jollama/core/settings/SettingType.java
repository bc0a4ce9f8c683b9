package dev.jollama.core.settings;

import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.hosts.Api;
import dev.jollama.core.hosts.HostSpec;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.text.ByteSize;
import dev.jollama.core.text.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a {@link Setting} holds and how its text (a flag, a variable) becomes that value. A value that
 * does not parse is one line naming where it came from and what was expected: {@code JOLLAMA_MAX_INPUT
 * wants a size like 64MiB, not 'lots'}.
 *
 * @param name what the docs and {@code jollama config --json} call the type
 * @param expected what a good value looks like, for the error
 */
public record SettingType<T>(String name, String expected, Function<String, T> parser) {

    public static final SettingType<OllamaHost> ADDRESS =
            new SettingType<>("address", "an address like http://127.0.0.1:11434", OllamaHost::parse);
    public static final SettingType<List<HostSpec>> HOST_LIST = new SettingType<>(
            "list", "addresses separated by commas, like http://127.0.0.1:11434,http://gpu:11434", text -> {
                List<HostSpec> hosts = HostSpec.parseList(text);
                return hosts.isEmpty() ? null : hosts;
            });
    public static final SettingType<Api> API = new SettingType<>(
            "ollama|openai", "ollama or openai", text -> switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "ollama" -> Api.OLLAMA;
                case "openai" -> Api.OPENAI;
                default -> null;
            });
    public static final SettingType<Path> FILE = new SettingType<>("file", "a file name", Path::of);
    public static final SettingType<Path> DIRECTORY = new SettingType<>("directory", "a folder", Path::of);
    public static final SettingType<Duration> DURATION =
            new SettingType<>("duration", "a duration like 30s or 5m", Durations::parse);
    public static final SettingType<Integer> NUMBER = new SettingType<>("number", "a whole number", Integer::valueOf);
    public static final SettingType<Double> DECIMAL = new SettingType<>("number", "a number", Double::valueOf);
    public static final SettingType<Double> FRACTION = new SettingType<>("0 to 1", "a number from 0 to 1", text -> {
        double v = Double.parseDouble(text);
        return v >= 0 && v <= 1 ? v : null;
    });
    public static final SettingType<Double> PERCENT = new SettingType<>("percent", "a percentage", Double::valueOf);
    public static final SettingType<Long> SIZE = new SettingType<>("size", "a size like 64MiB", text -> {
        long bytes = ByteSize.parse(text);
        return bytes < 1 ? null : bytes;
    });
    public static final SettingType<URI> URL =
            new SettingType<>("address", "an address like https://registry.ollama.ai", text -> {
                URI uri = URI.create(text);
                return uri.getHost() == null ? null : uri;
            });
    public static final SettingType<Boolean> BOOLEAN = new SettingType<>(
            "true|false", "true or false", text -> switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true", "on", "yes", "1" -> true;
                case "false", "off", "no", "0" -> false;
                default -> null;
            });
    /** The chat's compaction: auto (true) or off (false). */
    public static final SettingType<Boolean> COMPACT = new SettingType<>(
            "auto|off", "auto or off", text -> switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "auto" -> true;
                case "off" -> false;
                default -> null;
            });
    /** Set (and not empty) means on: {@code NO_COLOR}'s rule. */
    public static final SettingType<Boolean> FLAG = new SettingType<>("flag", "any text", text -> !text.isEmpty());
    /** Never shown: {@code jollama config} says "set" and where from. */
    public static final SettingType<String> SECRET = new SettingType<>("secret", "the key", text -> text);

    /** Checked when read, never shown: {@code jollama config} gives the names. */
    public static final SettingType<dev.jollama.core.http.ExtraHeaders> HEADERS = new SettingType<>(
            "headers",
            "Name: value pairs, one per line or separated by ;",
            text -> dev.jollama.core.http.ExtraHeaders.parse(text, "the headers"));

    public static final SettingType<String> PROFILE = new SettingType<>("profile", "a profile name", text -> text);
    public static final SettingType<String> COMMAND = new SettingType<>("command", "a command", text -> text);
    /** Values only the config file can hold (objects): no text form to parse. */
    public static final SettingType<Object> OBJECT = new SettingType<>("object", "an object", text -> null);

    /**
     * The value of {@code text}, which came from {@code origin} (a flag or variable name).
     *
     * @throws InvalidConfigException when it is not one
     */
    public T parse(String text, String origin) {
        T value;
        try {
            value = parser.apply(text);
        } catch (JollamaException e) {
            throw e; // already says what was wrong (an address's own checks)
        } catch (RuntimeException e) {
            value = null;
        }
        if (value == null) {
            throw new InvalidConfigException(origin + " wants " + expected + ", not '" + text + "'");
        }
        return value;
    }
}
