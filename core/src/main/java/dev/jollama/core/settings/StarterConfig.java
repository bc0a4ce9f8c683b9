package dev.jollama.core.settings;

/**
 * The commented config that {@code jollama profiles init} and {@code jollama config edit} write. Its
 * values are the defaults of the {@link Setting} table, filled in, so that they cannot drift from the
 * code's; a test reads it back and compares every setting with its default.
 */
public final class StarterConfig {

    private StarterConfig() {}

    public static String text() {
        String text = TEMPLATE;
        for (Setting s : Setting.values()) {
            if (s.key() != null) {
                text = text.replace("{" + s.key() + "}", s.defaultText());
            }
        }
        return text;
    }

    private static final String TEMPLATE =
            """
                // jollama configuration. Every field is optional; remove what you do not need.
                // Reference: docs/configuration.md. Comments like this one are allowed.
                {
                  // The Ollama daemon. --host and OLLAMA_HOST win over this.
                  "host": "{host}",

                  // connect: opening the connection; firstByte: waiting for the answer to start
                  // (a big model can take minutes to load); idle: silence between streamed chunks.
                  "timeouts": { "connect": "{timeouts.connect}", "firstByte": "{timeouts.firstByte}", "idle": "{timeouts.idle}" },

                  // Retries (only before any answer arrived, and on "server busy") and the breaker.
                  "resilience": {
                    "maxAttempts": {resilience.maxAttempts}, "initialBackoff": "{resilience.initialBackoff}", "multiplier": {resilience.multiplier}, "jitter": {resilience.jitter},
                    "failureRateThreshold": {resilience.failureRateThreshold}, "slidingWindow": {resilience.slidingWindow}, "minimumCalls": {resilience.minimumCalls}, "openWait": "{resilience.openWait}"
                  },

                  // Several daemons or engines, tried in order; each request goes to the first
                  // healthy one that has the model. JOLLAMA_HOSTS (comma-separated) wins over this,
                  // --host and OLLAMA_HOST mean exactly one host. An object may say "api": "openai"
                  // (vLLM, llama.cpp, LM Studio, LiteLLM: url ending in /v1), "apiKeyEnv" (the
                  // variable holding its key) and "slots" (requests it runs at once).
                  // "hosts": ["http://127.0.0.1:11434", {"url": "http://gpu:11434", "name": "gpu", "slots": 2}],

                  // The profile `jollama chat` (and `jollama` alone) uses when no model is named;
                  // `jollama run` always names one: `jollama run {defaultProfile} "why is the sky blue"`.
                  "defaultProfile": "{defaultProfile}",

                  // The most `jollama run` reads from stdin, a file or an --image, and batch and embed from one line.
                  // --max-input and JOLLAMA_MAX_INPUT win over this.
                  "maxInput": "{maxInput}",

                  // Where `jollama fit` reads manifests and model headers for names without a host.
                  // JOLLAMA_REGISTRY wins over this; http:// is allowed for a mirror.
                  "registry": "{registry}",

                  // Answers on a terminal are rendered as markdown (headings, code, tables); false
                  // shows them as written. Pipes always get the model's bytes unchanged.
                  "markdown": {markdown},

                  // false: an input longer than the model's context is an error that says what would
                  // fit (-o num_ctx=…, /compact in the chat) instead of Ollama silently cutting its
                  // start; true lets Ollama cut, as --truncate does for one command.
                  "truncate": {truncate},

                  // auto: before a chat message would not fit the context, the model summarises the
                  // older turns (as /compact does); off: the oldest turns are left out instead.
                  "compact": "{compact}",
                  // Every exchange is kept in jollama's database (`jollama logs`, `run --continue`);
                  // false keeps none (docs/logs.md).
                  "log": {log},

                  // `jollama serve` starts `ollama serve` with these variables (and OLLAMA_HOST from
                  // "host"); a variable set in your shell wins. startTimeout: how long to wait for it.
                  "daemon": {
                    "env": { "OLLAMA_KEEP_ALIVE": "10m", "OLLAMA_NUM_PARALLEL": "2" },
                    "startTimeout": "{daemon.startTimeout}"
                  },

                  // true: `jollama run`, `chat`, `batch` and `embed` start the daemon themselves when it is not
                  // running (only for a host on this machine, and when `ollama` is on PATH).
                  "autostart": {autostart},

                  // MCP servers whose tools the model may use, written as for Claude Desktop or Cursor:
                  // a program ("command", "args", "env") or a streamable HTTP address ("url", "headers").
                  // ${VAR} is filled in from your environment; a program gets PATH, HOME and its "env"
                  // only. Their tools are named SERVER__TOOL (files__read_text_file).
                  // "mcpServers": {
                  //   "files": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home/me/notes"] },
                  //   "search": { "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "Bearer ${SEARCH_TOKEN}" } }
                  // },

                  // Your profiles add to the built-in ones (phi3-mini, llama3-8b); a profile with a
                  // built-in's name changes only the fields it sets.
                  "profiles": {
                    "reviewer": {
                      "model": "llama3:8b-instruct-q4_K_M",
                      "description": "Terse code reviewer",
                      "system": "You review code. Be brief and concrete.",
                      "options": { "temperature": 0.2, "num_ctx": 8192 },
                      "keepAlive": "30m",
                      "requirements": { "parametersB": 8.0, "diskGB": 4.9, "ramGB": 6.5, "vramGB": 6.5 },
                      // Tools it offers the model (as -T takes them) and those that run without asking
                      // (as --allow): without a terminal, any other call is refused (exit 6).
                      "tools": ["read_file", "grep", "list_files"],
                      "allow": ["read_file", "grep", "list_files"]
                    }
                  }
                }
                """;
}
