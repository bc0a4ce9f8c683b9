package dev.jollama.cli;

import dev.jollama.cli.render.Console;
import dev.jollama.core.chat.ChatService;
import dev.jollama.core.daemon.HttpOllamaDaemon;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.hosts.Api;
import dev.jollama.core.hosts.FailoverDaemon;
import dev.jollama.core.hosts.HostPool;
import dev.jollama.core.hosts.HostSpec;
import dev.jollama.core.hosts.PooledHost;
import dev.jollama.core.http.ApiKey;
import dev.jollama.core.http.HttpSettings;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.openai.OpenAiDaemon;
import dev.jollama.core.profile.Profile;
import dev.jollama.core.resilience.ResilienceSettings;
import dev.jollama.core.resilience.ResilientOllamaDaemon;
import dev.jollama.core.serve.AutostartingOllamaDaemon;
import dev.jollama.core.serve.DaemonLauncher;
import dev.jollama.core.settings.Config;
import dev.jollama.core.settings.ConfigFile;
import dev.jollama.core.settings.ConfigLocation;
import dev.jollama.core.settings.Setting;
import dev.jollama.core.settings.SettingsResolver;
import dev.jollama.core.settings.XdgDirs;
import dev.jollama.core.text.ByteSize;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What commands share, built on first use so that {@code --version} and {@code --help} never read a
 * file or load the HTTP stack. Settings resolve flag > environment > config file > default.
 */
public final class Services {

    private final Environment env;
    private final GlobalOptions options;
    private final Consumer<String> diagnostics;
    private Config config;
    private HostPool pool;
    private SettingsResolver settings;
    private FailoverDaemon daemon;
    private dev.jollama.core.hardware.HardwareReport hardware;
    private boolean autostart;

    /** {@code diagnostics}: where warnings about the setup go, one line each (stderr). */
    public Services(Environment env, GlobalOptions options, Consumer<String> diagnostics) {
        this.env = env;
        this.options = options;
        this.diagnostics = diagnostics;
    }

    public GlobalOptions options() {
        return options;
    }

    public Environment env() {
        return env;
    }

    public ConfigLocation configLocation() {
        return ConfigLocation.resolve(options.config(), env.variables());
    }

    public XdgDirs dirs() {
        return XdgDirs.of(env.variables());
    }

    public Config config() {
        if (config == null) {
            config = ConfigFile.load(configLocation());
        }
        return config;
    }

    /** The first host tried: for messages and for what only one host can do (serve, fit's judgement). */
    public OllamaHost host() {
        return hosts().get(0).address();
    }

    /**
     * The hosts requests may go to, in order: --host or OLLAMA_HOST (exactly one), else JOLLAMA_HOSTS
     * (comma-separated), else "hosts" in the config, else its "host", else 127.0.0.1:11434. --api says
     * what the hosts given by flag or environment speak; with no address, "openai" means this
     * machine's Ollama under /v1.
     */
    public List<HostSpec> hosts() {
        Api api = api();
        SettingsResolver.Effective single = settings().fromFlagOrEnv(Setting.HOST);
        if (single != null) {
            return List.of(HostSpec.of(single.value(), api != null ? api : Api.OLLAMA));
        }
        SettingsResolver.Effective several = settings().fromFlagOrEnv(Setting.HOSTS);
        if (several != null) {
            List<HostSpec> hosts = HostSpec.parseList(several.value());
            if (hosts.isEmpty()) {
                throw new InvalidConfigException("JOLLAMA_HOSTS holds no address: set it like"
                        + " \"http://127.0.0.1:11434,http://gpu:11434\" or unset it");
            }
            return api == null
                    ? hosts
                    : hosts.stream().map(h -> withApi(h, api)).toList();
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
     * Stops a command only Ollama has ({@code show}, {@code fit}) when no host speaks Ollama's API:
     * the engine behind the OpenAI-compatible API has no such endpoint.
     */
    public void requireOllama(String command) {
        List<HostSpec> hosts = hosts();
        if (hosts.stream().noneMatch(h -> h.api() == Api.OLLAMA)) {
            throw new dev.jollama.core.error.UnsupportedByEngineException(
                    command, hosts.get(0).address().toString());
        }
    }

    private static HostSpec withApi(HostSpec h, Api api) {
        return new HostSpec(h.name(), h.address(), api, h.apiKeyEnv(), h.slots());
    }

    private Api api() {
        if (options.api() == null) {
            return null;
        }
        return switch (options.api().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "ollama" -> Api.OLLAMA;
            case "openai" -> Api.OPENAI;
            default -> throw new InvalidInputException("--api takes ollama or openai, not '" + options.api() + "'");
        };
    }

    /** The one precedence chain (flag > environment > file > default) with each value's origin. */
    public SettingsResolver settings() {
        if (settings == null) {
            Map<Setting, String> flags = new EnumMap<>(Setting.class);
            if (options.host() != null) {
                flags.put(Setting.HOST, options.host());
            }
            if (options.api() != null) {
                flags.put(Setting.API, options.api());
            }
            if (options.config() != null) {
                flags.put(Setting.CONFIG, options.config());
            }
            if (options.noColour()) {
                flags.put(Setting.COLOUR, "off");
            }
            settings = new SettingsResolver(flags, env.variables(), this::config);
        }
        return settings;
    }

    /** The model registry: JOLLAMA_REGISTRY, then "registry" in the config, else registry.ollama.ai. */
    public java.net.URI registry() {
        SettingsResolver.Effective set = settings().fromFlagOrEnv(Setting.REGISTRY);
        String raw = set != null ? set.value() : config().registry();
        if (raw == null) {
            return null;
        }
        try {
            java.net.URI uri = java.net.URI.create(raw);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    "JOLLAMA_REGISTRY wants an address like https://registry.ollama.ai, not '" + raw + "'");
        }
    }

    /** What this machine has, probed once per process (fit, the check before a pull). */
    public dev.jollama.core.hardware.HardwareReport hardware() {
        if (hardware == null) {
            hardware = dev.jollama.core.hardware.HardwareProbe.system(env.variables())
                    .probe();
        }
        return hardware;
    }

    /** The pre-download fit check, reading from the registry with the daemon's connect timeout. */
    public dev.jollama.core.fit.FitCheck fitCheck() {
        var t = config().timeouts();
        var registryTimeouts = new dev.jollama.core.http.Timeouts(
                t.connect().compareTo(java.time.Duration.ofSeconds(5)) < 0
                        ? java.time.Duration.ofSeconds(5)
                        : t.connect(),
                java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(10));
        return new dev.jollama.core.fit.FitCheck(
                new dev.jollama.core.fit.RegistryClient(registry(), registryTimeouts, null));
    }

    /** The input limit in bytes: --max-input, then JOLLAMA_MAX_INPUT, then "maxInput" in the config. */
    public long maxInput(String flag) {
        if (flag != null) {
            return size(flag, new InvalidInputException("--max-input wants a size like 64MiB, not '" + flag + "'"));
        }
        SettingsResolver.Effective set = settings().fromFlagOrEnv(Setting.MAX_INPUT);
        if (set != null) {
            return size(
                    set.value(),
                    new InvalidConfigException("JOLLAMA_MAX_INPUT wants a size like 64MiB, not '" + set.value() + "'"));
        }
        return config().maxInput();
    }

    private static long size(String text, RuntimeException invalid) {
        long bytes = ByteSize.parse(text);
        if (bytes < 1) {
            throw invalid;
        }
        return bytes;
    }

    /** Every host behind one daemon: failover before the first byte, each host its own breaker. */
    public FailoverDaemon daemon() {
        if (daemon == null) {
            daemon = new FailoverDaemon(pool(), null);
        }
        return daemon;
    }

    /** The daemon with the profile's host, if it names one, tried first. */
    public FailoverDaemon daemonFor(Profile profile) {
        String named = profile == null ? null : profile.host();
        // A profile may name its host, or give its address as the hosts list writes it.
        String preferred = named == null
                ? null
                : pool().hosts().stream()
                        .filter(h ->
                                h.name().equals(named) || sameAddress(h.spec().address(), named))
                        .map(PooledHost::name)
                        .findFirst()
                        .orElse(named);
        if (preferred != null && pool().hosts().stream().noneMatch(h -> h.name().equals(preferred))) {
            diagnostics.accept("jollama: warning: profile '" + profile.name() + "' prefers host '" + preferred
                    + "', which is not among the hosts in use ("
                    + String.join(
                            ", ", pool().hosts().stream().map(PooledHost::name).toList()) + ")");
            return daemon();
        }
        return daemon().preferring(preferred);
    }

    private static boolean sameAddress(OllamaHost address, String text) {
        try {
            return OllamaHost.parse(text).equals(address);
        } catch (RuntimeException notAnAddress) {
            return false;
        }
    }

    public HostPool pool() {
        if (pool == null) {
            List<HostSpec> specs = hosts();
            ResilienceSettings resilience = config().resilience();
            if (specs.size() > 1) {
                // The pool's rounds are the retries: a host that is down is passed over at once.
                resilience = new ResilienceSettings(
                        1,
                        resilience.initialBackoff(),
                        resilience.multiplier(),
                        resilience.jitter(),
                        resilience.failureRateThreshold(),
                        resilience.slidingWindow(),
                        resilience.minimumCalls(),
                        resilience.openWait());
            }
            Consumer<String> trace = options.verbose() ? line -> diagnostics.accept("jollama: " + line) : null;
            List<PooledHost> members = new java.util.ArrayList<>();
            for (HostSpec spec : specs) {
                members.add(new PooledHost(spec, new ResilientOllamaDaemon(engine(spec, trace), resilience)));
            }
            pool = new HostPool(members, config().resilience(), trace);
        }
        return pool;
    }

    private OllamaDaemon engine(HostSpec spec, Consumer<String> trace) {
        ApiKey key = apiKey(spec);
        OllamaHost host = spec.address();
        if (!host.isEncrypted() && !host.isLoopback()) {
            diagnostics.accept("jollama: warning: " + host + " is another machine over plain http: prompts"
                    + (key == null ? " and answers" : ", answers and the API key")
                    + " travel unencrypted (use https:// or an SSH tunnel)");
        }
        HttpSettings settings = new HttpSettings(key, null, trace);
        if (spec.api() == Api.OPENAI) {
            return new OpenAiDaemon(host, config().timeouts(), settings);
        }
        OllamaDaemon http = new HttpOllamaDaemon(host, config().timeouts(), settings);
        if (autostart && config().daemon().autostart() && host.isLoopback() && !host.isEncrypted()) {
            http = new AutostartingOllamaDaemon(
                    http,
                    () -> daemonLauncher(host),
                    started -> diagnostics.accept("jollama: started ollama serve (pid "
                            + started.daemon().pid() + ", log "
                            + started.daemon().log() + ")"));
        }
        return http;
    }

    /** The host's "apiKeyEnv" if it names one, else JOLLAMA_API_KEY, OLLAMA_API_KEY (OPENAI_API_KEY for engines). */
    private ApiKey apiKey(HostSpec spec) {
        if (spec.apiKeyEnv() != null) {
            String value = env.get(spec.apiKeyEnv());
            if (value == null || value.isBlank()) {
                diagnostics.accept("jollama: warning: host '" + spec.name() + "' takes its key from " + spec.apiKeyEnv()
                        + ", which is not set");
                return null;
            }
            return ApiKey.of(value.strip(), spec.apiKeyEnv());
        }
        ApiKey key = ApiKey.fromEnvironment(env.variables());
        if (key == null && spec.api() == Api.OPENAI) {
            String value = env.get("OPENAI_API_KEY");
            if (value != null && !value.isBlank()) {
                return ApiKey.of(value.strip(), "OPENAI_API_KEY");
            }
        }
        return key;
    }

    /**
     * Lets this command start {@code ollama serve} when the daemon refuses the connection, if the config
     * says {@code "autostart": true} (run, chat, batch, embed); called before the first use of {@link #daemon()}.
     */
    public void allowAutostart() {
        if (pool != null && !autostart) {
            throw new IllegalStateException("allowAutostart() after the daemon was built");
        }
        autostart = true;
    }

    /** Starts, finds and stops the {@code ollama serve} jollama runs; asks the daemon without retries. */
    public DaemonLauncher daemonLauncher() {
        return daemonLauncher(host());
    }

    private DaemonLauncher daemonLauncher(OllamaHost host) {
        var probeTimeouts = new dev.jollama.core.http.Timeouts(
                config().timeouts().connect(), java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5));
        // No --verbose trace: the wait polls every 100 ms.
        var probe = new HttpOllamaDaemon(
                host, probeTimeouts, new HttpSettings(ApiKey.fromEnvironment(env.variables()), null, null));
        return new DaemonLauncher(host, config().daemon(), dirs().state(), env.variables(), probe::version);
    }

    public ChatService chatService() {
        return new ChatService(daemon(), env.clock());
    }

    /** Chats and prompts for a profile go to the host it prefers first, when it names one. */
    public ChatService chatService(Profile profile) {
        return new ChatService(daemonFor(profile), env.clock());
    }

    public Console console(PrintWriter out, PrintWriter err) {
        boolean allowed = settings().fromFlagOrEnv(Setting.COLOUR) == null && !"dumb".equals(env.get("TERM"));
        return new Console(
                out,
                err,
                env.stdoutIsTerminal(),
                env.stderrIsTerminal(),
                allowed && env.stderrIsTerminal(),
                options.raw());
    }
}
