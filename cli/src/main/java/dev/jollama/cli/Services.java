package dev.jollama.cli;

import dev.jollama.cli.render.Console;
import dev.jollama.core.chat.ChatService;
import dev.jollama.core.daemon.ApiKey;
import dev.jollama.core.daemon.HttpOllamaDaemon;
import dev.jollama.core.daemon.HttpSettings;
import dev.jollama.core.daemon.OllamaHost;
import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.profile.Config;
import dev.jollama.core.profile.ConfigFile;
import dev.jollama.core.profile.ConfigLocation;
import dev.jollama.core.profile.XdgDirs;
import dev.jollama.core.resilience.ResilientOllamaDaemon;
import dev.jollama.core.serve.AutostartingOllamaDaemon;
import dev.jollama.core.serve.DaemonLauncher;
import dev.jollama.core.text.ByteSize;
import java.io.PrintWriter;
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
    private ResilientOllamaDaemon daemon;
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

    public OllamaHost host() {
        if (options.host() != null) {
            return OllamaHost.parse(options.host());
        }
        String fromEnv = env.get("OLLAMA_HOST");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return OllamaHost.parse(fromEnv);
        }
        return config().host() != null ? OllamaHost.parse(config().host()) : OllamaHost.DEFAULT;
    }

    /** The model registry: JOLLAMA_REGISTRY, then "registry" in the config, else registry.ollama.ai. */
    public java.net.URI registry() {
        String fromEnv = env.get("JOLLAMA_REGISTRY");
        String raw = fromEnv != null && !fromEnv.isBlank() ? fromEnv.strip() : config().registry();
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
        var registryTimeouts = new dev.jollama.core.daemon.Timeouts(
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
        String fromEnv = env.get("JOLLAMA_MAX_INPUT");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return size(
                    fromEnv,
                    new InvalidConfigException("JOLLAMA_MAX_INPUT wants a size like 64MiB, not '" + fromEnv + "'"));
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

    public ResilientOllamaDaemon daemon() {
        if (daemon == null) {
            OllamaHost host = host();
            ApiKey key = ApiKey.fromEnvironment(env.variables());
            if (!host.isEncrypted() && !host.isLoopback()) {
                diagnostics.accept("jollama: warning: " + host + " is another machine over plain http: prompts"
                        + (key == null ? " and answers" : ", answers and the API key")
                        + " travel unencrypted (use https:// or an SSH"
                        + " tunnel)");
            }
            Consumer<String> trace = options.verbose() ? line -> diagnostics.accept("jollama: " + line) : null;
            HttpSettings settings = new HttpSettings(key, null, trace);
            dev.jollama.core.daemon.OllamaDaemon http = new HttpOllamaDaemon(host, config().timeouts(), settings);
            if (autostart && config().daemon().autostart() && host.isLoopback() && !host.isEncrypted()) {
                http = new AutostartingOllamaDaemon(
                        http,
                        this::daemonLauncher,
                        started -> diagnostics.accept("jollama: started ollama serve (pid "
                                + started.daemon().pid() + ", log "
                                + started.daemon().log() + ")"));
            }
            daemon = new ResilientOllamaDaemon(http, config().resilience());
        }
        return daemon;
    }

    /**
     * Lets this command start {@code ollama serve} when the daemon refuses the connection, if the config
     * says {@code "autostart": true} (run and chat); called before the first use of {@link #daemon()}.
     */
    public void allowAutostart() {
        if (daemon != null && !autostart) {
            throw new IllegalStateException("allowAutostart() after the daemon was built");
        }
        autostart = true;
    }

    /** Starts, finds and stops the {@code ollama serve} jollama runs; asks the daemon without retries. */
    public DaemonLauncher daemonLauncher() {
        OllamaHost host = host();
        var probeTimeouts = new dev.jollama.core.daemon.Timeouts(
                config().timeouts().connect(), java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5));
        // No --verbose trace: the wait polls every 100 ms.
        var probe = new HttpOllamaDaemon(
                host, probeTimeouts, new HttpSettings(ApiKey.fromEnvironment(env.variables()), null, null));
        return new DaemonLauncher(host, config().daemon(), dirs().state(), env.variables(), probe::version);
    }

    public ChatService chatService() {
        return new ChatService(daemon(), env.clock());
    }

    public Console console(PrintWriter out, PrintWriter err) {
        String noColorVar = env.get("NO_COLOR");
        boolean allowed =
                !options.noColour() && (noColorVar == null || noColorVar.isEmpty()) && !"dumb".equals(env.get("TERM"));
        return new Console(
                out,
                err,
                env.stdoutIsTerminal(),
                env.stderrIsTerminal(),
                allowed && env.stderrIsTerminal(),
                options.raw());
    }
}
