package dev.jollama.core.settings;

import dev.jollama.core.daemon.KeptText;
import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.hosts.Api;
import dev.jollama.core.hosts.HostSpec;
import dev.jollama.core.http.ApiKey;
import dev.jollama.core.http.ExtraHeaders;
import dev.jollama.core.http.Timeouts;
import dev.jollama.core.resilience.ResilienceSettings;
import dev.jollama.core.serve.DaemonSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting in effect, typed, each with its origin: what requests use and what {@code jollama
 * config} shows are the same values. Built once per process from the global flags and the environment;
 * the config file is read on the first question that needs it, so {@code --help} reads no file (and
 * {@code --version} only to find the host, when no flag or variable names it).
 */
public final class Settings {

    /** A setting as {@code jollama config} shows it: never a key's text. */
    public record Shown(Setting setting, String value, SettingsResolver.Origin origin) {}

    private final SettingsResolver resolver;
    private final ConfigLocation location;
    private final boolean verbose;
    private Config config;
    private List<HostSpec> hosts;

    private Settings(Map<Setting, String> flags, Map<String, String> env, boolean verbose) {
        this.location = ConfigLocation.resolve(flags.get(Setting.CONFIG), env);
        this.resolver = new SettingsResolver(flags, env, this::config);
        this.verbose = verbose;
    }

    /**
     * @param flags the global flags given (host, api, config, colour); command flags such as
     *     {@code --max-input} are passed where they are asked ({@link #maxInput(String)})
     * @param env the process environment
     * @param verbose {@code --verbose}: traces of each request, stack traces with errors
     */
    public static Settings of(Map<Setting, String> flags, Map<String, String> env, boolean verbose) {
        Map<Setting, String> copy = new EnumMap<>(Setting.class);
        copy.putAll(flags);
        return new Settings(copy, env, verbose);
    }

    public boolean verbose() {
        return verbose;
    }

    public ConfigLocation configLocation() {
        return location;
    }

    /** The config file over the defaults: profiles, and the values no flag or variable decided. */
    public Config config() {
        if (config == null) {
            config = ConfigFile.load(location);
        }
        return config;
    }

    public XdgDirs dirs() {
        return XdgDirs.of(resolver.environment());
    }

    /** The one value and origin of a setting, for {@code jollama config}. */
    public SettingsResolver.Effective effective(Setting s) {
        return resolver.effective(s);
    }

    /**
     * Every setting as {@code jollama config} shows it, in the table's order. A value requests could not
     * use is the same error here as there: what is shown is what requests use.
     */
    public List<Shown> shown() {
        hosts();
        registry();
        maxInput();
        maxAnswer();
        globalHeaders();
        List<Shown> out = new ArrayList<>();
        for (Setting s : Setting.values()) {
            out.add(shown(s));
        }
        return out;
    }

    private Shown shown(Setting s) {
        SettingsResolver.Effective e = colourAware(s);
        String value =
                switch (s) {
                    case CONFIG -> location.path().toString();
                    case COLOUR -> colour() ? e.value() : "off";
                    case API_KEY, OPENAI_API_KEY ->
                        e.origin().kind() == SettingsResolver.Kind.DEFAULT ? "(none)" : "set";
                    // The names, never a value: a proxy's token is as secret as a key.
                    case HEADERS -> {
                        ExtraHeaders headers = globalHeaders();
                        yield headers.isEmpty() ? "(none)" : String.join(", ", headers.names()) + " (values not shown)";
                    }
                    case HOST -> {
                        boolean listed = resolver.fromFlagOrEnv(Setting.HOST) == null
                                && (resolver.fromFlagOrEnv(Setting.HOSTS) != null
                                        || !config().hosts().isEmpty());
                        // The address as requests use it (ollama.com is https://ollama.com:443), not as typed.
                        String address = e.value() == null || e.value().isEmpty()
                                ? e.value()
                                : dev.jollama.core.http.OllamaHost.parse(e.value())
                                        .toString();
                        yield listed ? address + " (not used: the hosts list names the hosts)" : address;
                    }
                    case HOSTS -> {
                        var single = resolver.fromFlagOrEnv(Setting.HOST);
                        yield single != null && !e.value().isEmpty()
                                ? e.value() + " (not used: " + single.origin().where() + " names one host)"
                                : e.value();
                    }
                    default -> e.value();
                };
        return new Shown(s, value, e.origin());
    }

    private SettingsResolver.Effective colourAware(Setting s) {
        if (s == Setting.COLOUR && resolver.fromFlagOrEnv(s) == null && dumbTerminal()) {
            return new SettingsResolver.Effective(
                    s, "dumb", new SettingsResolver.Origin(SettingsResolver.Kind.ENV, "TERM"));
        }
        return resolver.effective(s);
    }

    /**
     * TERM=dumb: a terminal that takes no escape sequence, so no colour, no markdown rendering and no
     * redraw in place (NO_COLOR only takes the colours away).
     */
    public boolean dumbTerminal() {
        return "dumb".equals(resolver.variable("TERM"));
    }

    /** What the hosts given by {@code --api} speak, or null when it was not given. */
    public Api api() {
        SettingsResolver.Effective api = resolver.fromFlagOrEnv(Setting.API);
        if (api == null) {
            return null;
        }
        Api parsed = SettingType.API.parser().apply(api.value());
        if (parsed == null) {
            throw new InvalidInputException("--api takes ollama or openai, not '" + api.value() + "'");
        }
        return parsed;
    }

    /**
     * The hosts requests may go to, in order: --host or OLLAMA_HOST (exactly one), else JOLLAMA_HOSTS
     * (comma-separated), else "hosts" in the config, else its "host", else 127.0.0.1:11434. --api says
     * what the hosts given by flag or environment speak; with no address, "openai" means this
     * machine's Ollama under /v1.
     */
    public List<HostSpec> hosts() {
        if (hosts == null) {
            hosts = resolveHosts();
        }
        return hosts;
    }

    private List<HostSpec> resolveHosts() {
        Api api = api();
        SettingsResolver.Effective single = resolver.fromFlagOrEnv(Setting.HOST);
        if (single != null) {
            return List.of(HostSpec.of(single.value(), api != null ? api : Api.OLLAMA));
        }
        SettingsResolver.Effective several = resolver.fromFlagOrEnv(Setting.HOSTS);
        if (several != null) {
            List<HostSpec> listed = HostSpec.parseList(several.value());
            if (listed.isEmpty()) {
                throw new InvalidConfigException("JOLLAMA_HOSTS holds no address: set it like"
                        + " \"http://127.0.0.1:11434,http://gpu:11434\" or unset it");
            }
            return api == null
                    ? listed
                    : listed.stream().map(h -> withApi(h, api)).toList();
        }
        if (!config().hosts().isEmpty()) {
            return config().hosts();
        }
        if (config().host() != null) {
            return List.of(HostSpec.of(config().host(), api != null ? api : Api.OLLAMA));
        }
        return List.of(
                api == Api.OPENAI ? HostSpec.of("http://127.0.0.1:11434/v1", Api.OPENAI) : HostSpec.of("", Api.OLLAMA));
    }

    /**
     * The warning for a JOLLAMA_HOSTS that OLLAMA_HOST overrules, or null: both are variables, so the
     * list being set and not used is more likely a surprise than a choice (a --host is a choice).
     */
    public String hostsListOverruled() {
        SettingsResolver.Effective single = resolver.fromFlagOrEnv(Setting.HOST);
        SettingsResolver.Effective several = resolver.fromFlagOrEnv(Setting.HOSTS);
        if (single == null
                || several == null
                || single.origin().kind() != SettingsResolver.Kind.ENV
                || several.value().isBlank()) {
            return null;
        }
        return "warning: JOLLAMA_HOSTS is not used: " + single.origin().shown() + " names one host (unset "
                + single.origin().where() + " to use the list)";
    }

    private static HostSpec withApi(HostSpec h, Api api) {
        return new HostSpec(h.name(), h.address(), api, h.apiKeyEnv(), h.slots(), h.headers());
    }

    /**
     * The bearer key for a host: the variable its "apiKeyEnv" names (null when that is unset), else
     * JOLLAMA_API_KEY or OLLAMA_API_KEY, else OPENAI_API_KEY for an OpenAI-compatible engine.
     */
    public ApiKey apiKeyFor(HostSpec spec) {
        if (spec.apiKeyEnv() != null) {
            String value = resolver.variable(spec.apiKeyEnv());
            return value == null ? null : ApiKey.of(value, spec.apiKeyEnv());
        }
        ApiKey key = apiKey();
        if (key == null && spec.api() == Api.OPENAI) {
            SettingsResolver.Effective openai = resolver.fromFlagOrEnv(Setting.OPENAI_API_KEY);
            return openai == null
                    ? null
                    : ApiKey.of(openai.value(), openai.origin().where());
        }
        return key;
    }

    /**
     * The headers for a host: its own "headers" in the config when it has them, else JOLLAMA_HEADERS or
     * OLLAMA_HEADERS, else the config's top-level "headers".
     */
    public ExtraHeaders headersFor(HostSpec spec) {
        return spec.headers() != null ? spec.headers() : globalHeaders();
    }

    /** JOLLAMA_HEADERS or OLLAMA_HEADERS (one per line, or separated by ;), else the config's "headers". */
    public ExtraHeaders globalHeaders() {
        SettingsResolver.Effective set = resolver.fromFlagOrEnv(Setting.HEADERS);
        return set != null ? ExtraHeaders.parse(set.value(), set.origin().where()) : config().headers();
    }

    /** {@code --insecure}: the API key may go over plain http to another machine. */
    public boolean insecure() {
        return resolver.fromFlagOrEnv(Setting.INSECURE) != null;
    }

    /** JOLLAMA_API_KEY, else OLLAMA_API_KEY, or null. */
    public ApiKey apiKey() {
        SettingsResolver.Effective key = resolver.fromFlagOrEnv(Setting.API_KEY);
        return key == null ? null : ApiKey.of(key.value(), key.origin().where());
    }

    /** The model registry, or null for registry.ollama.ai: JOLLAMA_REGISTRY, then "registry" in the config. */
    public URI registry() {
        SettingsResolver.Effective set = resolver.fromFlagOrEnv(Setting.REGISTRY);
        String raw = set != null ? set.value() : config().registry();
        return raw == null ? null : SettingType.URL.parse(raw, "JOLLAMA_REGISTRY");
    }

    /** The input limit in bytes: JOLLAMA_MAX_INPUT, then "maxInput" in the config. */
    public long maxInput() {
        return maxInput(null);
    }

    /** The input limit with a command's {@code --max-input} (null when not given) first. */
    public long maxInput(String flag) {
        if (flag != null) {
            Long bytes = SettingType.SIZE.parser().apply(flag);
            if (bytes == null) {
                throw new InvalidInputException("--max-input wants a size like 64MiB, not '" + flag + "'");
            }
            return bytes;
        }
        SettingsResolver.Effective set = resolver.fromFlagOrEnv(Setting.MAX_INPUT);
        return set != null ? SettingType.SIZE.parse(set.value(), set.origin().where()) : config().maxInput();
    }

    /** What is kept of a streamed answer, in bytes: JOLLAMA_MAX_ANSWER, else {@link KeptText#DEFAULT_LIMIT}. */
    public long maxAnswer() {
        SettingsResolver.Effective set = resolver.fromFlagOrEnv(Setting.MAX_ANSWER);
        return set != null ? SettingType.SIZE.parse(set.value(), set.origin().where()) : KeptText.DEFAULT_LIMIT;
    }

    public Timeouts timeouts() {
        return config().timeouts();
    }

    public ResilienceSettings resilience() {
        return config().resilience();
    }

    public DaemonSettings daemon() {
        return config().daemon();
    }

    /** Answers on a terminal rendered as markdown, unless the config says "markdown": false. */
    public boolean markdown() {
        return config().markdown();
    }

    /** Whether exchanges are logged: not with --no-log ({@code noLog}), nor with "log": false. */
    public boolean log(boolean noLog) {
        return !noLog && config().log();
    }

    /** Whether Ollama may cut an input longer than the context: {@code --truncate}, else "truncate" in the config. */
    public boolean truncate(boolean flag) {
        return flag || config().truncate();
    }

    /** Whether the chat compacts older turns by itself ("compact": "auto", the default). */
    public boolean autoCompact() {
        return config().autoCompact();
    }

    /** Colours and spinners allowed: no --no-color, no NO_COLOR, TERM not dumb (the terminal decides the rest). */
    public boolean colour() {
        return resolver.fromFlagOrEnv(Setting.COLOUR) == null && !dumbTerminal();
    }

    /** Whether the chat keeps no line history: OLLAMA_NOHISTORY set, as Ollama's CLI reads it. */
    public boolean noHistory() {
        return resolver.fromFlagOrEnv(Setting.NO_HISTORY) != null;
    }

    /** The editor command line's program: VISUAL, else EDITOR, else vi. */
    public String editor() {
        SettingsResolver.Effective set = resolver.fromFlagOrEnv(Setting.EDITOR);
        return set != null ? set.value() : Setting.EDITOR.defaultText();
    }

    /** The pager command: $PAGER, else less -R; empty when the user set PAGER to nothing. */
    public String pager() {
        SettingsResolver.Effective set = resolver.fromFlagOrEnv(Setting.PAGER);
        return set != null ? set.value() : Setting.PAGER.defaultText();
    }

    /** COLUMNS, for rendering when the terminal does not tell its width; null when unset or not a number. */
    public Integer columns() {
        SettingsResolver.Effective set = resolver.fromFlagOrEnv(Setting.COLUMNS);
        try {
            return set == null ? null : Integer.valueOf(set.value());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Where the local daemon keeps models: OLLAMA_MODELS, else ~/.ollama/models. */
    public Path ollamaModels() {
        SettingsResolver.Effective set = resolver.fromFlagOrEnv(Setting.OLLAMA_MODELS);
        return set != null
                ? Path.of(set.value())
                : XdgDirs.home(resolver.environment()).resolve(".ollama").resolve("models");
    }

    /** OLLAMA_CONTEXT_LENGTH, the daemon's default context; null when unset or not a positive number. */
    public Integer ollamaContextLength() {
        SettingsResolver.Effective set = resolver.fromFlagOrEnv(Setting.OLLAMA_CONTEXT_LENGTH);
        try {
            int tokens = set == null ? 0 : Integer.parseInt(set.value().strip());
            return tokens > 0 ? tokens : null;
        } catch (NumberFormatException e) {
            return null; // the daemon, too, ignores a value it cannot read
        }
    }

    /**
     * The environment the programs jollama starts inherit ({@code ollama serve}, the editor, the
     * clipboard tool): passed to them whole, never read for jollama's own settings.
     */
    public Map<String, String> childEnvironment() {
        return resolver.environment();
    }
}
