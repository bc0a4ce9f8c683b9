package dev.jollama.core.settings;

import dev.jollama.core.daemon.KeptText;
import dev.jollama.core.hosts.HostSpec;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import dev.jollama.core.resilience.ResilienceSettings;
import dev.jollama.core.serve.DaemonSettings;
import dev.jollama.core.text.ByteSize;
import dev.jollama.core.text.Durations;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every setting jollama has, once: its config key, environment variable, command-line flag, type,
 * default and meaning. The defaults are read from the objects the code uses ({@link Timeouts#DEFAULT},
 * {@link ResilienceSettings#DEFAULT}…), never written again here; the starter config, the table in
 * docs/configuration.md, the man pages' ENVIRONMENT and {@code jollama config} come from this list or
 * are checked against it by tests.
 */
public enum Setting {
    HOST(
            "host",
            "OLLAMA_HOST",
            "--host",
            SettingType.ADDRESS,
            c -> c.host(),
            () -> OllamaHost.DEFAULT.toString(),
            "The one daemon to use: host, host:port or a URL (ollama.com alone is https://ollama.com:443;"
                    + " http://user:pass@host sends Basic auth). --host and OLLAMA_HOST win over \"hosts\"."),
    HOSTS(
            "hosts",
            "JOLLAMA_HOSTS",
            null,
            SettingType.HOST_LIST,
            c -> c.hosts().isEmpty()
                    ? null
                    : String.join(",", c.hosts().stream().map(Setting::describe).toList()),
            () -> "",
            "Several daemons or engines, tried in order (failover before the first byte); comma-separated in"
                    + " JOLLAMA_HOSTS, strings or {url, api, name, apiKeyEnv, slots, headers} in the file."),
    API(
            null,
            null,
            "--api",
            SettingType.API,
            c -> null,
            () -> "ollama",
            "What the host given by flag or environment speaks: ollama, or openai (vLLM, llama.cpp, LM Studio,"
                    + " LiteLLM; the address ends in /v1)."),
    CONFIG(
            null,
            "JOLLAMA_CONFIG",
            "--config",
            SettingType.FILE,
            c -> null,
            () -> "$XDG_CONFIG_HOME/jollama/config.json",
            "The config file."),
    CONNECT_TIMEOUT(
            "timeouts.connect",
            null,
            null,
            SettingType.DURATION,
            c -> Durations.human(c.timeouts().connect()),
            () -> Durations.human(Timeouts.DEFAULT.connect()),
            "Longest wait to open the connection."),
    FIRST_BYTE_TIMEOUT(
            "timeouts.firstByte",
            null,
            null,
            SettingType.DURATION,
            c -> Durations.human(c.timeouts().firstByte()),
            () -> Durations.human(Timeouts.DEFAULT.firstByte()),
            "Longest wait for the answer to start, status line and headers included (a big model can take"
                    + " minutes to load)."),
    IDLE_TIMEOUT(
            "timeouts.idle",
            null,
            null,
            SettingType.DURATION,
            c -> Durations.human(c.timeouts().idle()),
            () -> Durations.human(Timeouts.DEFAULT.idle()),
            "Longest silence between streamed chunks; an answer read whole (list, show, embeddings) arrives"
                    + " whole within it."),
    MAX_ATTEMPTS(
            "resilience.maxAttempts",
            null,
            null,
            SettingType.NUMBER,
            c -> String.valueOf(c.resilience().maxAttempts()),
            () -> String.valueOf(ResilienceSettings.DEFAULT.maxAttempts()),
            "Tries in all, before any answer arrived or on \"server busy\"; 1 turns retrying off."),
    INITIAL_BACKOFF(
            "resilience.initialBackoff",
            null,
            null,
            SettingType.DURATION,
            c -> Durations.human(c.resilience().initialBackoff()),
            () -> Durations.human(ResilienceSettings.DEFAULT.initialBackoff()),
            "Wait before the first retry."),
    MULTIPLIER(
            "resilience.multiplier",
            null,
            null,
            SettingType.DECIMAL,
            c -> String.valueOf(c.resilience().multiplier()),
            () -> String.valueOf(ResilienceSettings.DEFAULT.multiplier()),
            "Each wait is the previous one times this."),
    JITTER(
            "resilience.jitter",
            null,
            null,
            SettingType.FRACTION,
            c -> String.valueOf(c.resilience().jitter()),
            () -> String.valueOf(ResilienceSettings.DEFAULT.jitter()),
            "Random spread of each wait, so that several jollama processes do not retry in step."),
    FAILURE_RATE_THRESHOLD(
            "resilience.failureRateThreshold",
            null,
            null,
            SettingType.PERCENT,
            c -> String.valueOf((int) c.resilience().failureRateThreshold()),
            () -> String.valueOf((int) ResilienceSettings.DEFAULT.failureRateThreshold()),
            "Share of failed recent calls that opens the circuit breaker."),
    SLIDING_WINDOW(
            "resilience.slidingWindow",
            null,
            null,
            SettingType.NUMBER,
            c -> String.valueOf(c.resilience().slidingWindow()),
            () -> String.valueOf(ResilienceSettings.DEFAULT.slidingWindow()),
            "How many recent calls the breaker looks at."),
    MINIMUM_CALLS(
            "resilience.minimumCalls",
            null,
            null,
            SettingType.NUMBER,
            c -> String.valueOf(c.resilience().minimumCalls()),
            () -> String.valueOf(ResilienceSettings.DEFAULT.minimumCalls()),
            "Calls needed before the breaker may open."),
    OPEN_WAIT(
            "resilience.openWait",
            null,
            null,
            SettingType.DURATION,
            c -> Durations.human(c.resilience().openWait()),
            () -> Durations.human(ResilienceSettings.DEFAULT.openWait()),
            "How long an open breaker pauses requests before it lets one through."),
    DEFAULT_PROFILE(
            "defaultProfile",
            null,
            null,
            SettingType.PROFILE,
            Config::defaultProfile,
            () -> Config.DEFAULT_PROFILE,
            "The profile chat (and jollama alone) uses when no model is named; run always names one."),
    MAX_INPUT(
            "maxInput",
            "JOLLAMA_MAX_INPUT",
            "--max-input",
            SettingType.SIZE,
            c -> ByteSize.human(c.maxInput()),
            () -> ByteSize.human(Config.DEFAULT_MAX_INPUT),
            "The most read from stdin, a file, a batch line or an image before sending."),
    MAX_ANSWER(
            null,
            "JOLLAMA_MAX_ANSWER",
            null,
            SettingType.SIZE,
            c -> null,
            () -> ByteSize.human(KeptText.DEFAULT_LIMIT),
            "The most of a streamed answer (and of its thinking) kept for the chat, --json and a batch line;"
                    + " what is printed is never cut, and past it jollama says so once."),
    REGISTRY(
            "registry",
            "JOLLAMA_REGISTRY",
            null,
            SettingType.URL,
            Config::registry,
            () -> "https://registry.ollama.ai",
            "Where fit and the check before a pull read manifests and model headers."),
    MARKDOWN(
            "markdown",
            null,
            "--plain",
            SettingType.BOOLEAN,
            c -> String.valueOf(c.markdown()),
            () -> "true",
            "Answers on a terminal are rendered as markdown; pipes always get the model's bytes."),
    TRUNCATE(
            "truncate",
            null,
            "--truncate",
            SettingType.BOOLEAN,
            c -> String.valueOf(c.truncate()),
            () -> "false",
            "false: run, batch and the chat send \"truncate\": false, so an input longer than the context is an"
                    + " error saying what would fit (exit 2) instead of Ollama silently cutting its start; true lets"
                    + " Ollama cut."),
    LOG(
            "log",
            null,
            "--no-log",
            SettingType.BOOLEAN,
            c -> String.valueOf(c.log()),
            () -> "true",
            "Every exchange (run, each chat turn, each batch item, embed as a count) is kept in jollama's"
                    + " database for `jollama logs` and `run --continue` (docs/logs.md); --no-log for one command."),
    COMPACT(
            "compact",
            null,
            null,
            SettingType.COMPACT,
            c -> c.autoCompact() ? "auto" : "off",
            () -> "auto",
            "auto: before a chat message would not fit the context, the model summarises the older turns (as"
                    + " /compact does) and says so; off: the oldest turns are left out instead."),
    COLOUR(
            null,
            "NO_COLOR",
            "--no-color",
            SettingType.FLAG,
            c -> null,
            () -> "on, when stderr is a terminal and TERM is not dumb",
            "Colours and spinners; NO_COLOR set and not empty, or TERM=dumb, turns them off."),
    API_KEY(
            null,
            "JOLLAMA_API_KEY,OLLAMA_API_KEY",
            null,
            SettingType.SECRET,
            c -> null,
            () -> "",
            "Bearer key for a daemon behind an authenticating proxy, the first of the two that is set (a host's"
                    + " \"apiKeyEnv\" names another); never read from the file, never shown."),
    HEADERS(
            "headers",
            "JOLLAMA_HEADERS,OLLAMA_HEADERS",
            null,
            SettingType.HEADERS,
            c -> c.headers().isEmpty() ? null : String.join(", ", c.headers().names()),
            () -> "",
            "Headers for a proxy, sent with every request to each host without \"headers\" of its own: Name: value"
                    + " lines (or Name: value; Name: value), an object in the file; shown by name only."),
    INSECURE(
            null,
            null,
            "--insecure",
            SettingType.FLAG,
            c -> null,
            () -> "off",
            "Lets the API key go over plain http to another machine, where anyone on the way can read it; without"
                    + " it such a request is refused."),
    OPENAI_API_KEY(
            null,
            "OPENAI_API_KEY",
            null,
            SettingType.SECRET,
            c -> null,
            () -> "",
            "Bearer key for OpenAI-compatible engines when neither JOLLAMA_API_KEY nor OLLAMA_API_KEY is set."),
    AUTOSTART(
            "autostart",
            null,
            null,
            SettingType.BOOLEAN,
            c -> String.valueOf(c.daemon().autostart()),
            () -> String.valueOf(DaemonSettings.DEFAULT.autostart()),
            "run, chat, batch and embed start `ollama serve` when a local daemon refuses the connection."),
    DAEMON_ENV(
            "daemon.env",
            null,
            null,
            SettingType.OBJECT,
            c -> c.daemon().env().isEmpty() ? "" : c.daemon().env().toString(),
            () -> "",
            "Environment for the `ollama serve` that jollama starts (OLLAMA_NUM_PARALLEL, OLLAMA_KEEP_ALIVE…)."),
    DAEMON_START_TIMEOUT(
            "daemon.startTimeout",
            null,
            null,
            SettingType.DURATION,
            c -> Durations.human(c.daemon().startTimeout()),
            () -> Durations.human(DaemonSettings.DEFAULT_START_TIMEOUT),
            "Longest wait for a started daemon to answer."),
    NO_HISTORY(
            null,
            "OLLAMA_NOHISTORY",
            null,
            SettingType.FLAG,
            c -> null,
            () -> "unset: the chat keeps its line history",
            "Set and not empty: the chat keeps no line history (arrow-up, Ctrl-R), as in Ollama's own CLI; the"
                    + " log of exchanges is separate (\"log\": false)."),
    EDITOR(
            null,
            "VISUAL,EDITOR",
            null,
            SettingType.COMMAND,
            c -> null,
            () -> "vi",
            "The editor of `run -e`, `/edit` and `config edit`: the first of the two that is set."),
    PAGER(
            null,
            "PAGER",
            null,
            SettingType.COMMAND,
            c -> null,
            () -> "less -R",
            "The pager of `sessions show` on a terminal (with LESS=FRX unless LESS is set); cat: none."),
    COLUMNS(
            null,
            "COLUMNS",
            null,
            SettingType.NUMBER,
            c -> null,
            () -> "the terminal's width",
            "Width for rendering answers when the terminal does not tell its own."),
    OLLAMA_MODELS(
            null,
            "OLLAMA_MODELS",
            null,
            SettingType.DIRECTORY,
            c -> null,
            () -> "~/.ollama/models",
            "Where the local daemon keeps its models: `hw` checks the free disk there."),
    OLLAMA_CONTEXT_LENGTH(
            null,
            "OLLAMA_CONTEXT_LENGTH",
            null,
            SettingType.NUMBER,
            c -> null,
            () -> "4096, 32768 from 23 GiB of VRAM, 262144 from 47 GiB",
            "The context the daemon gives a model when the request sets no num_ctx: fit, hw and the check"
                    + " before a pull assume it (set it where `ollama serve` runs)."),
    PROFILES(
            "profiles",
            null,
            null,
            SettingType.OBJECT,
            c -> String.join(", ", c.profiles().keySet()),
            () -> String.join(", ", Config.defaults().profiles().keySet()),
            "Named models with their system prompt, options and keep-alive; added to the built-in ones."),
    MCP_SERVERS(
            "mcpServers",
            null,
            null,
            SettingType.OBJECT,
            c -> String.join(", ", c.mcpServers().keySet()),
            () -> "",
            "MCP servers whose tools the model may use, as Claude Desktop writes them: {\"NAME\": {\"command\","
                    + " \"args\", \"env\"}} or {\"NAME\": {\"url\", \"headers\"}}; shown by name.");

    private final String key;
    private final List<String> envs;
    private final String flag;
    private final SettingType<?> type;
    private final Function<Config, String> fromConfig;
    private final java.util.function.Supplier<String> defaultValue;
    private final String description;

    Setting(
            String key,
            String envs,
            String flag,
            SettingType<?> type,
            Function<Config, String> fromConfig,
            java.util.function.Supplier<String> defaultValue,
            String description) {
        this.key = key;
        this.envs = envs == null ? List.of() : List.of(envs.split(","));
        this.flag = flag;
        this.type = type;
        this.fromConfig = fromConfig;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The key in the config file, dotted for nested ones ("timeouts.idle"), or null. */
    public String key() {
        return key;
    }

    /** The environment variables, for the docs: the first that is set wins; null when there is none. */
    public String env() {
        return envs.isEmpty() ? null : String.join(", ", envs);
    }

    /** The environment variables read, in order: the first that is set (not blank) wins. */
    public List<String> envs() {
        return envs;
    }

    /** The global or command flag, or null. */
    public String flag() {
        return flag;
    }

    /** The type's name, for the docs and {@code jollama config --json}. */
    public String type() {
        return type.name();
    }

    /** How a flag's or a variable's text becomes this setting's value. */
    public SettingType<?> parser() {
        return type;
    }

    public String description() {
        return description;
    }

    /** The default, as {@code jollama config} and the docs show it ("" when there is none). */
    public String defaultText() {
        return defaultValue.get();
    }

    /** This setting's value in a loaded config (defaults filled in), as text; null if it has no key. */
    public String valueIn(Config config) {
        return key == null ? null : fromConfig.apply(config);
    }

    /** The key as a path for locating it in the file: "timeouts.idle" → [timeouts, idle]. */
    public List<String> keyPath() {
        return key == null ? List.of() : List.of(key.split("\\."));
    }

    /** Name for {@code jollama config}: the key, else the flag or variable it is known by. */
    public String displayName() {
        if (key != null) {
            return key;
        }
        return switch (this) {
            case API -> "api";
            case CONFIG -> "config";
            case COLOUR -> "colour";
            case API_KEY -> "apiKey";
            case OPENAI_API_KEY -> "openaiApiKey";
            case NO_HISTORY -> "noHistory";
            case EDITOR -> "editor";
            case COLUMNS -> "columns";
            case OLLAMA_MODELS -> "ollamaModels";
            case OLLAMA_CONTEXT_LENGTH -> "ollamaContextLength";
            case MAX_ANSWER -> "maxAnswer";
            default -> name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String describe(HostSpec h) {
        return h.name() + "=" + h.address() + (h.api() == dev.jollama.core.hosts.Api.OPENAI ? " (openai)" : "")
                + (h.headers() == null || h.headers().isEmpty()
                        ? ""
                        : " (headers " + String.join(" ", h.headers().names()) + ")");
    }

    /** Settings with an environment variable, by variable. */
    public static Map<String, Setting> byEnv() {
        Map<String, Setting> out = new java.util.LinkedHashMap<>();
        for (Setting s : values()) {
            for (String variable : s.envs) {
                out.put(variable, s);
            }
        }
        return out;
    }
}
