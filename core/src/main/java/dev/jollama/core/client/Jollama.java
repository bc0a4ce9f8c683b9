package dev.jollama.core.client;

import dev.jollama.core.chat.ChatService;
import dev.jollama.core.chat.ExchangeLogging;
import dev.jollama.core.chat.SessionFiles;
import dev.jollama.core.chat.SessionImport;
import dev.jollama.core.chat.SessionStore;
import dev.jollama.core.daemon.HttpOllamaDaemon;
import dev.jollama.core.daemon.InstalledModel;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.UnsupportedByEngineException;
import dev.jollama.core.fit.FitCheck;
import dev.jollama.core.fit.RegistryClient;
import dev.jollama.core.hardware.HardwareProbe;
import dev.jollama.core.hardware.HardwareReport;
import dev.jollama.core.hosts.Api;
import dev.jollama.core.hosts.FailoverDaemon;
import dev.jollama.core.hosts.HostPool;
import dev.jollama.core.hosts.HostSpec;
import dev.jollama.core.hosts.PooledHost;
import dev.jollama.core.http.ApiKey;
import dev.jollama.core.http.HttpSettings;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import dev.jollama.core.mcp.McpConfig;
import dev.jollama.core.openai.OpenAiDaemon;
import dev.jollama.core.profile.Profile;
import dev.jollama.core.resilience.ResilienceSettings;
import dev.jollama.core.resilience.ResilientOllamaDaemon;
import dev.jollama.core.serve.AutostartingOllamaDaemon;
import dev.jollama.core.serve.DaemonLauncher;
import dev.jollama.core.settings.Settings;
import dev.jollama.core.store.Database;
import dev.jollama.core.store.ExchangeLog;
import dev.jollama.core.store.Recorder;
import dev.jollama.core.tools.ToolSet;
import dev.jollama.core.tools.builtin.BuiltinTools;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * jollama as a library: everything a command asks for, built from {@link Settings} on first use — the
 * daemon stack (hosts, failover, retries and breaker, autostart, the Ollama and OpenAI adapters), chats,
 * saved sessions, the daemon launcher, the fit check and the hardware probe. Nothing here knows of a
 * terminal; what is worth telling the user goes to {@code diagnostics}, one line each, without the
 * {@code jollama:} prefix (the front end adds it).
 */
public final class Jollama {

    /** The bound of one registry read (a manifest, a config, a range of a model file), redirects included. */
    public static final Duration REGISTRY_READ_DEADLINE = Duration.ofSeconds(30);

    private final Settings settings;
    private final Clock clock;
    private final Consumer<String> diagnostics;
    private HostPool pool;
    private FailoverDaemon daemon;
    private HardwareReport hardware;
    private boolean autostart;
    private Database database;
    /** How long a command that logs runs before the database is opened for it (Recorder). */
    static final Duration LOG_OPEN_DELAY = Duration.ofMillis(250);

    private ExchangeLogging logging = ExchangeLogging.OFF;
    private SessionStore sessions;
    private boolean imported;

    public Jollama(Settings settings, Clock clock, Consumer<String> diagnostics) {
        this.settings = settings;
        this.clock = clock;
        this.diagnostics = diagnostics;
    }

    public Settings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    /** The first host tried: for messages and for what only one host can do (serve, fit's judgement). */
    public OllamaHost host() {
        return settings.hosts().get(0).address();
    }

    /**
     * Stops a command only Ollama has ({@code show}, {@code fit}) when no host speaks Ollama's API:
     * the engine behind the OpenAI-compatible API has no such endpoint.
     */
    public void requireOllama(String command) {
        List<HostSpec> hosts = settings.hosts();
        if (hosts.stream().noneMatch(h -> h.api() == Api.OLLAMA)) {
            throw new UnsupportedByEngineException(
                    command, hosts.get(0).address().toString());
        }
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
            diagnostics.accept("warning: profile '" + profile.name() + "' prefers host '" + preferred
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
            List<HostSpec> specs = settings.hosts();
            String overruled = settings.hostsListOverruled();
            if (overruled != null) {
                diagnostics.accept(overruled);
            }
            ResilienceSettings resilience = perHost(settings.resilience(), specs.size());
            Consumer<String> trace = settings.verbose() ? diagnostics : null;
            List<PooledHost> members = new ArrayList<>();
            for (HostSpec spec : specs) {
                members.add(new PooledHost(spec, new ResilientOllamaDaemon(engine(spec, trace), resilience)));
            }
            pool = new HostPool(members, settings.resilience(), trace);
        }
        return pool;
    }

    /**
     * The retries each host makes: with several hosts the pool's rounds are the retries, so a host that
     * is down is passed over at once (one try per host per round).
     */
    public static ResilienceSettings perHost(ResilienceSettings r, int hosts) {
        return hosts <= 1
                ? r
                : new ResilienceSettings(
                        1,
                        r.initialBackoff(),
                        r.multiplier(),
                        r.jitter(),
                        r.failureRateThreshold(),
                        r.slidingWindow(),
                        r.minimumCalls(),
                        r.openWait());
    }

    private OllamaDaemon engine(HostSpec spec, Consumer<String> trace) {
        OllamaHost host = spec.address();
        HttpSettings http = httpSettings(spec, trace);
        if (!host.isEncrypted() && !host.isLoopback()) {
            diagnostics.accept("warning: " + host + " is another machine over plain http: prompts"
                    + (http.apiKey() == null
                                    && host.credentials() == null
                                    && http.headers().isEmpty()
                            ? " and answers"
                            : http.apiKey() != null
                                    ? ", answers and the API key"
                                    : host.credentials() != null
                                            ? ", answers and the password"
                                            : ", answers and the headers")
                    + " travel unencrypted (use https:// or an SSH tunnel)");
        }
        if (http.headers().has("Authorization") && (http.apiKey() != null || host.credentials() != null)) {
            diagnostics.accept("warning: the Authorization of " + http.headers().source() + " is sent to " + spec.name()
                    + ", not "
                    + (host.credentials() != null
                            ? "the user and password in its address"
                            : "the key in " + http.apiKey().source()));
        }
        if (spec.api() == Api.OPENAI) {
            return new OpenAiDaemon(host, settings.timeouts(), http, settings.maxAnswer());
        }
        OllamaDaemon ollama = new HttpOllamaDaemon(host, settings.timeouts(), http, settings.maxAnswer());
        if (autostart && settings.daemon().autostart() && host.isLoopback() && !host.isEncrypted()) {
            ollama = new AutostartingOllamaDaemon(
                    ollama,
                    () -> daemonLauncher(host),
                    started -> diagnostics.accept(
                            "started ollama serve (pid " + started.daemon().pid() + ", log "
                                    + started.daemon().log() + ")"));
        }
        return ollama;
    }

    /**
     * How requests to a host are made: its key and headers, the trace. A key is never sent in clear to
     * another machine: over plain http to an address that is not loopback it is refused (exit 2) unless
     * {@code --insecure} says to send it anyway (docs/security.md).
     */
    private HttpSettings httpSettings(HostSpec spec, Consumer<String> trace) {
        ApiKey key = apiKey(spec);
        OllamaHost host = spec.address();
        if (key != null && !host.isEncrypted() && !host.isLoopback() && !settings.insecure()) {
            throw new InvalidInputException("the API key in " + key.source() + " is not sent to " + host
                    + ": plain http to another machine, where anyone on the way could read it; use https://,"
                    + " unset " + key.source() + ", or pass --insecure to send it anyway");
        }
        return new HttpSettings(key, null, trace, settings.headersFor(spec));
    }

    private ApiKey apiKey(HostSpec spec) {
        ApiKey key = settings.apiKeyFor(spec);
        if (key == null && spec.apiKeyEnv() != null) {
            diagnostics.accept("warning: host '" + spec.name() + "' takes its key from " + spec.apiKeyEnv()
                    + ", which is not set");
        }
        return key;
    }

    /** The first host's settings for the quiet probes (the launcher's wait, completion, --version). */
    private HttpSettings quietHttpSettings() {
        HostSpec first = settings.hosts().get(0);
        ApiKey key = settings.apiKeyFor(first);
        OllamaHost host = first.address();
        boolean clear = !host.isEncrypted() && !host.isLoopback() && !settings.insecure();
        return new HttpSettings(clear ? null : key, null, null, settings.headersFor(first));
    }

    /** Starts, finds and stops the {@code ollama serve} jollama runs; asks the daemon without retries. */
    public DaemonLauncher daemonLauncher() {
        return daemonLauncher(host());
    }

    private DaemonLauncher daemonLauncher(OllamaHost host) {
        var probeTimeouts = new Timeouts(settings.timeouts().connect(), Duration.ofSeconds(5), Duration.ofSeconds(5));
        // No --verbose trace: the wait polls every 100 ms.
        var probe = new HttpOllamaDaemon(host, probeTimeouts, quietHttpSettings());
        return new DaemonLauncher(
                host, settings.daemon(), settings.dirs().state(), settings.childEnvironment(), probe::version);
    }

    public ChatService chatService() {
        return new ChatService(daemon(), clock).logTo(logging);
    }

    /**
     * This process runs {@code command} (run, chat, batch…): from now on its requests are logged,
     * unless {@code noLog} or "log": false, and the database starts opening in the background.
     */
    public ExchangeLogging logAs(String command, boolean noLog) {
        if (settings.log(noLog)) {
            HostSpec first = settings.hosts().get(0);
            logging = new ExchangeLogging(
                    "chat".equals(command) ? chatRecorder() : recorder(true),
                    command,
                    first.address().toString(),
                    first.api() == Api.OPENAI ? "openai" : "ollama",
                    clock);
        }
        return logging;
    }

    /** Chats and prompts for a profile go to the host it prefers first, when it names one. */
    public ChatService chatService(Profile profile) {
        return new ChatService(daemonFor(profile), clock).logTo(logging);
    }

    /**
     * The chats of this user, where the chat and {@code jollama sessions} find them: in the database,
     * opened at the first use. The chats an earlier jollama saved as files are moved in then.
     */
    public SessionStore sessions() {
        if (sessions == null) {
            sessions = new SessionStore(this::chatDatabase, databaseFile());
        }
        return sessions;
    }

    /**
     * The saved chats' names for a Tab, most recently used first: the database's, then those of chat
     * files an earlier jollama left that are not moved in yet. Nothing is moved or created, and no
     * chat is read: a Tab among a thousand large chats stays instant.
     */
    public java.util.List<String> chatNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        if (java.nio.file.Files.exists(databaseFile())) {
            names.addAll(new SessionStore(database()).names());
        }
        for (String file : new SessionFiles(oldChats()).names()) {
            if (!names.contains(file)) {
                names.add(file);
            }
        }
        return names;
    }

    private Path oldChats() {
        return settings.dirs().data().resolve("sessions");
    }

    private Database chatDatabase() {
        Database db = database();
        if (!imported) {
            imported = true;
            SessionImport.run(oldChats(), new SessionStore(db), diagnostics);
        }
        return db;
    }

    /** Where the database of chats and the log is ({@code $XDG_DATA_HOME/jollama/jollama.db}). */
    public Path databaseFile() {
        return Database.in(settings.dirs().data());
    }

    /**
     * The database's file with every entry in it: the journal's lines (Recorder) moved in first, for
     * another program to read ({@code sqlite3 "$(jollama logs path)"}).
     */
    public Path settledDatabaseFile() {
        if (dev.jollama.core.store.LogJournal.of(databaseFile()).pending()) {
            database();
        }
        return databaseFile();
    }

    /** The database, opened now (and SQLite's native library with it): for the commands that read it. */
    public Database database() {
        if (database == null) {
            database = Database.open(databaseFile());
        }
        return database;
    }

    /** Ends what the command opened: the log's background open, the database. */
    public void close() {
        logging.recorder().close();
        if (database != null) {
            database.close();
            database = null;
        }
    }

    /** The log of every exchange, for {@code jollama logs}. */
    public ExchangeLog log() {
        return new ExchangeLog(database());
    }

    /**
     * A recorder for a command that logs its exchanges: the database opens in the background from
     * now on; with {@code wanted} false (--no-log, "log": false) nothing is opened or loaded.
     */
    public Recorder recorder(boolean wanted) {
        // (LOG_OPEN_DELAY: a command still running then is waiting for a model; see Recorder.)
        if (!wanted) {
            return Recorder.OFF;
        }
        Path file = databaseFile();
        return Recorder.start(file, () -> Database.open(file), LOG_OPEN_DELAY, diagnostics);
    }

    /**
     * The chat's recorder: the database opens at once (the chat saves its turns there anyway) and
     * every entry goes straight in, so that a chat renamed with /save takes all of them along.
     */
    private Recorder chatRecorder() {
        Path file = databaseFile();
        return Recorder.start(file, () -> Database.open(file), Duration.ZERO, true, diagnostics);
    }

    /** The probe of this machine, as {@code hw} shows it. */
    public HardwareProbe hardwareProbe() {
        return HardwareProbe.system(settings.ollamaModels(), settings.childEnvironment());
    }

    /** What this machine has, probed once per process (fit, the check before a pull). */
    public HardwareReport hardware() {
        if (hardware == null) {
            hardware = hardwareProbe().probe();
        }
        return hardware;
    }

    /**
     * The pre-download fit check, reading from the registry with the daemon's connect timeout (5 s at
     * least), 10 s for an answer to start or to arrive whole, and {@link #REGISTRY_READ_DEADLINE} for
     * each read, its redirects included, whatever the server trickles.
     */
    public FitCheck fitCheck() {
        Duration connect = settings.timeouts().connect();
        var registryTimeouts = new Timeouts(
                        connect.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : connect,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(10))
                .within(REGISTRY_READ_DEADLINE);
        return new FitCheck(
                new RegistryClient(settings.registry(), registryTimeouts, null), settings.ollamaContextLength());
    }

    /** The one decision before a download, fit check included: pull, run --pull, the chat's offer, /pull. */
    public PullGate pullGate() {
        return new PullGate(this);
    }

    /**
     * The tools a command may enable: the built-in ones, confined to {@code workspace} (null: the current
     * directory), and the MCP servers of {@code mcpConfig} (a Claude Desktop style file; null: the config
     * file's {@code "mcpServers"}).
     */
    public ToolSet.Source toolSource(Path workspace, Path mcpConfig) {
        Path dir = workspace != null ? workspace : Path.of("").toAbsolutePath();
        return new ToolCatalog(dir, () -> mcpSpecs(mcpConfig), settings.childEnvironment());
    }

    /** The MCP servers of {@code mcpConfig} (null: the config file's), each started and its tools listed. */
    public List<McpListing.Server> mcpListing(Path mcpConfig) {
        return McpListing.list(mcpSpecs(mcpConfig), settings.childEnvironment());
    }

    /** Calls {@code tool} of {@code server} with {@code arguments} (a JSON object's text), by hand. */
    public dev.jollama.core.tools.ToolResult mcpCall(
            Path mcpConfig,
            String server,
            String tool,
            String arguments,
            dev.jollama.core.http.Cancellation cancellation) {
        return McpListing.call(mcpSpecs(mcpConfig), settings.childEnvironment(), server, tool, arguments, cancellation);
    }

    private java.util.Map<String, dev.jollama.core.mcp.McpServerSpec> mcpSpecs(Path mcpConfig) {
        return mcpConfig != null ? McpConfig.read(mcpConfig) : settings.config().mcpServers();
    }

    /** What {@code -T} completes to: the built-in tools, {@code mcp}, and each configured server's prefix. */
    public List<String> toolNames() {
        List<String> names = new ArrayList<>(BuiltinTools.names());
        if (!settings.config().mcpServers().isEmpty()) {
            names.add(ToolSet.EVERY_MCP_TOOL);
            settings.config().mcpServers().keySet().forEach(server -> names.add(server + "__*"));
        }
        return names;
    }

    /**
     * The first host's Ollama version, for {@code --version}: straight to it with timeouts within
     * {@code bound}, no retries, no breaker, no warning; empty when no daemon answers in time, the host
     * speaks the OpenAI API, or the settings cannot be read (a broken config is for other commands to say).
     */
    public java.util.Optional<String> daemonVersionWithin(Duration bound) {
        try {
            HostSpec first = settings.hosts().get(0);
            if (first.api() != Api.OLLAMA) {
                return java.util.Optional.empty();
            }
            var quick = new HttpOllamaDaemon(first.address(), new Timeouts(bound, bound, bound), quietHttpSettings());
            CompletableFuture<String> version = new CompletableFuture<>();
            Thread call = new Thread(
                    () -> {
                        try {
                            version.complete(quick.version());
                        } catch (RuntimeException e) {
                            version.completeExceptionally(e);
                        }
                    },
                    "jollama-version");
            call.setDaemon(true); // one still waiting does not keep the process alive
            call.start();
            String answered = version.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return "unknown".equals(answered) ? java.util.Optional.empty() : java.util.Optional.of(answered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        } catch (Exception noAnswer) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The installed models' names for shell completion: straight to the first host with short
     * timeouts — no retries, no breaker, no warning on stderr (it would land in the command line being
     * typed) — and the whole call bounded, since a daemon that trickles bytes resets each timeout.
     */
    public List<String> modelNamesWithin(Duration bound) throws Exception {
        Duration each = bound.dividedBy(8).multipliedBy(5);
        var quick = new HttpOllamaDaemon(host(), new Timeouts(each, each, each), quietHttpSettings());
        CompletableFuture<List<String>> names = new CompletableFuture<>();
        // A daemon thread, so a call still waiting does not keep the process alive.
        Thread call = new Thread(
                () -> {
                    try {
                        names.complete(quick.listModels().stream()
                                .map(InstalledModel::name)
                                .toList());
                    } catch (RuntimeException e) {
                        names.completeExceptionally(e);
                    }
                },
                "jollama-complete-models");
        call.setDaemon(true);
        call.start();
        return names.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    }
}
