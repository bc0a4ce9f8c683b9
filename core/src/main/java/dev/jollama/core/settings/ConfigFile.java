package dev.jollama.core.settings;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jollama.core.daemon.OllamaOptions;
import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.hosts.Api;
import dev.jollama.core.hosts.HostSpec;
import dev.jollama.core.http.ExtraHeaders;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import dev.jollama.core.json.JsonProblem;
import dev.jollama.core.mcp.McpConfig;
import dev.jollama.core.mcp.McpServerSpec;
import dev.jollama.core.profile.BuiltInProfiles;
import dev.jollama.core.profile.Profile;
import dev.jollama.core.profile.Requirements;
import dev.jollama.core.resilience.ResilienceSettings;
import dev.jollama.core.serve.DaemonSettings;
import dev.jollama.core.storage.AtomicFiles;
import dev.jollama.core.storage.OwnFiles;
import dev.jollama.core.text.ByteSize;
import dev.jollama.core.text.Durations;
import dev.jollama.core.text.NearestMatch;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the JSON config file strictly: an unknown field, a wrong type or a reference to a profile that
 * does not exist stops jollama with the file, line, column and field. It never rewrites a file it
 * cannot read. {@code //} comments are allowed, so the starting config can explain itself.
 */
public final class ConfigFile {

    /** Built on first use: with no config file, jollama never loads databind for it. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
                // A key given twice is a mistake whichever one was meant: say so, with its line.
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    private ConfigFile() {}

    public static Config load(ConfigLocation location) {
        Path path = location.path();
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(OwnFiles.read(path, OwnFiles.Kind.CONFIG)))
                    .toString();
        } catch (NoSuchFileException e) {
            if (location.explicit()) {
                throw new InvalidConfigException("config file " + path + " does not exist: create it with"
                        + " `jollama profiles init --config " + path + "`");
            }
            return Config.defaults();
        } catch (CharacterCodingException e) {
            throw new InvalidConfigException("config " + path + ": not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidConfigException("cannot read config " + path + ": " + e.getMessage(), e);
        }
        return parse(path, text);
    }

    /** Reads {@code text} as the config at {@code path} would be read: the same errors, the same lines. */
    public static Config check(Path path, String text) {
        return parse(path, text);
    }

    static Config parse(Path path, String text) {
        FileConfig file;
        try {
            file = Mapper.INSTANCE.readValue(text, FileConfig.class);
        } catch (UnrecognizedPropertyException e) {
            List<String> known =
                    e.getKnownPropertyIds().stream().map(Object::toString).toList();
            List<String> names = new ArrayList<>(names(e));
            names.set(names.size() - 1, e.getPropertyName());
            JsonLocation at = locate(text, names, true);
            throw error(
                    path,
                    at != null ? at : e.getLocation(),
                    "unknown field '" + e.getPropertyName() + "'" + in(e)
                            + NearestMatch.hint(e.getPropertyName(), known));
        } catch (MismatchedInputException e) {
            JsonLocation at = locate(text, names(e), false);
            throw error(
                    path,
                    at != null ? at : e.getLocation(),
                    "wrong type for '" + fieldPath(e) + "': expected " + describe(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw error(path, e.getLocation(), "invalid value for '" + fieldPath(e) + "': " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw error(path, e.getLocation(), "invalid JSON: " + JsonProblem.describe(e));
        }
        if (file == null) {
            throw error(path, null, "the file is empty: it should hold one JSON object");
        }
        return new Validation(path, text).build(file);
    }

    /** Writes {@code text} as the config at {@code path}, refusing to replace a file unless told to. */
    /**
     * Writes the starter config at {@code path}. An existing file is replaced only with {@code force},
     * and then its text is kept first as {@code config.json.bak} beside it (unless it was the starter
     * already). Returns the backup, or null when none was needed.
     */
    public static Path writeStarter(Path path, boolean force) {
        if (Files.exists(path) && !force) {
            throw new InvalidInputException(
                    "config " + path + " already exists: not overwriting it (use --force to replace it)");
        }
        Path backup = null;
        try {
            String starter = starterText();
            if (Files.exists(path)) {
                byte[] old = Files.readAllBytes(path);
                if (!java.util.Arrays.equals(old, starter.getBytes(StandardCharsets.UTF_8))) {
                    // Byte for byte, whatever it holds, and private: it may hold a key.
                    backup = path.resolveSibling(path.getFileName() + ".bak");
                    Files.deleteIfExists(backup);
                    Files.createFile(backup, dev.jollama.core.storage.PrivateFiles.fileAttributes());
                    Files.write(backup, old);
                }
            }
            AtomicFiles.write(path, starter);
        } catch (IOException e) {
            throw new InvalidConfigException("cannot write config " + path + ": " + e.getMessage(), e);
        }
        return backup;
    }

    /** The commented starting config that {@code jollama profiles init} writes. */
    public static String starterText() {
        return dev.jollama.core.settings.StarterConfig.text();
    }

    private static String in(JsonMappingException e) {
        List<JsonMappingException.Reference> refs = e.getPath();
        if (refs.size() <= 1) {
            return " at the top level";
        }
        return " in '" + join(refs.subList(0, refs.size() - 1)) + "'";
    }

    private static List<String> names(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .toList();
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().isEmpty() ? "(top level)" : join(e.getPath());
    }

    private static String join(List<JsonMappingException.Reference> refs) {
        return refs.stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class) {
            return "text (in quotes)";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list [ … ]";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object { … }";
        }
        return type.getSimpleName();
    }

    static InvalidConfigException error(Path path, JsonLocation at, String what) {
        String where = at == null || at.getLineNr() < 0 ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
        return new InvalidConfigException("config " + path + where + ": " + oneLine(what));
    }

    // The message quotes the file (names, values): a line break or control character in them must not
    // split the error or reach the terminal as such.
    private static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }

    /** Checks what types alone cannot, pointing at the line of the offending value. */
    private record Validation(Path path, String text) {

        Config build(FileConfig file) {
            Timeouts t = Timeouts.DEFAULT;
            if (file.timeouts() != null) {
                FileTimeouts ft = file.timeouts();
                t = new Timeouts(
                        duration(ft.connect(), t.connect(), "timeouts", "connect"),
                        duration(ft.firstByte(), t.firstByte(), "timeouts", "firstByte"),
                        duration(ft.idle(), t.idle(), "timeouts", "idle"));
            }
            ResilienceSettings r = ResilienceSettings.DEFAULT;
            if (file.resilience() != null) {
                FileResilience fr = file.resilience();
                r = new ResilienceSettings(
                        atLeast(fr.maxAttempts(), r.maxAttempts(), 1, "maxAttempts"),
                        duration(fr.initialBackoff(), r.initialBackoff(), "resilience", "initialBackoff"),
                        fr.multiplier() != null ? fr.multiplier() : r.multiplier(),
                        fr.jitter() != null ? fr.jitter() : r.jitter(),
                        fr.failureRateThreshold() != null ? fr.failureRateThreshold() : r.failureRateThreshold(),
                        atLeast(fr.slidingWindow(), r.slidingWindow(), 1, "slidingWindow"),
                        atLeast(fr.minimumCalls(), r.minimumCalls(), 1, "minimumCalls"),
                        duration(fr.openWait(), r.openWait(), "resilience", "openWait"));
            }
            if (file.host() != null) {
                try {
                    OllamaHost.parse(file.host());
                } catch (JollamaException e) {
                    throw fail(List.of("host"), e.getMessage());
                }
            }
            Map<String, Profile> profiles = BuiltInProfiles.all();
            if (file.profiles() != null) {
                file.profiles().forEach((name, p) -> profiles.put(name, merge(name, p, profiles.get(name))));
            }
            String defaultProfile = file.defaultProfile() != null ? file.defaultProfile() : Config.DEFAULT_PROFILE;
            if (!profiles.containsKey(defaultProfile)) {
                throw fail(
                        List.of("defaultProfile"),
                        "unknown default profile '" + defaultProfile + "'"
                                + NearestMatch.hint(defaultProfile, profiles.keySet()) + "; profiles are "
                                + String.join(", ", profiles.keySet()));
            }
            long maxInput = Config.DEFAULT_MAX_INPUT;
            if (file.maxInput() != null) {
                maxInput = ByteSize.parse(file.maxInput());
                if (maxInput < 1) {
                    throw fail(
                            List.of("maxInput"),
                            "\"" + file.maxInput() + "\" is not a size: write it like \"32MiB\" or \"500kB\"");
                }
            }
            if (file.registry() != null) {
                try {
                    java.net.URI u = java.net.URI.create(file.registry());
                    if (u.getHost() == null
                            || !(u.getScheme().equals("https") || u.getScheme().equals("http"))) {
                        throw new IllegalArgumentException("not an http(s) address");
                    }
                } catch (IllegalArgumentException e) {
                    throw fail(
                            List.of("registry"),
                            "\"" + file.registry() + "\" is not a registry address like"
                                    + " \"https://registry.ollama.ai\" (" + e.getMessage() + ")");
                }
            }
            return new Config(
                    path,
                    file.host(),
                    t,
                    r,
                    defaultProfile,
                    profiles,
                    maxInput,
                    file.registry(),
                    file.markdown() == null || file.markdown(),
                    hosts(file.hosts()),
                    daemon(file.daemon(), file.autostart() != null && file.autostart()),
                    mcpServers(file.mcpServers()),
                    file.truncate() != null && file.truncate(),
                    compact(file.compact()),
                    file.log() == null || file.log(),
                    headers(file.headers()));
        }

        /** "compact": "auto" or "off". */
        private boolean compact(String value) {
            if (value == null) {
                return true;
            }
            Boolean auto = SettingType.COMPACT.parser().apply(value);
            if (auto == null) {
                throw fail(List.of("compact"), "\"" + value + "\" is not a compaction mode: write \"auto\" or \"off\"");
            }
            return auto;
        }

        /** The top-level "headers": an object of text values, {"X-Tenant": "a"}, checked as ExtraHeaders checks them. */
        private ExtraHeaders headers(com.fasterxml.jackson.databind.JsonNode raw) {
            if (raw == null || raw.isNull()) {
                return ExtraHeaders.NONE;
            }
            try {
                return headerObject(raw, "\"headers\"");
            } catch (InvalidConfigException e) {
                throw fail(List.of("headers"), e.getMessage());
            }
        }

        /** "headers" at the top or in a host: an object whose values are text. */
        private static ExtraHeaders headerObject(com.fasterxml.jackson.databind.JsonNode raw, String source) {
            if (!raw.isObject()) {
                throw new InvalidConfigException(
                        source + " must be an object of headers, as in {\"X-Tenant\": \"team-a\"}");
            }
            Map<String, String> given = new LinkedHashMap<>();
            for (var it = raw.fields(); it.hasNext(); ) {
                var entry = it.next();
                if (!entry.getValue().isTextual()) {
                    throw new InvalidConfigException(
                            source + ": the value of " + entry.getKey() + " must be text (in quotes)");
                }
                given.put(entry.getKey(), entry.getValue().asText());
            }
            return ExtraHeaders.of(given, source);
        }

        /** "mcpServers": as Claude Desktop and Cursor write them; each entry checked by McpConfig. */
        private Map<String, McpServerSpec> mcpServers(com.fasterxml.jackson.databind.JsonNode raw) {
            if (raw == null || raw.isNull()) {
                return Map.of();
            }
            if (!raw.isObject()) {
                throw fail(
                        List.of("mcpServers"),
                        "wrong type: expected an object of servers by name, as in {\"files\": {\"command\": \"npx\","
                                + " \"args\": [\"-y\", \"@modelcontextprotocol/server-filesystem\", \"/home/me\"]}}");
            }
            Map<String, McpServerSpec> servers = new LinkedHashMap<>();
            for (var it = raw.fields(); it.hasNext(); ) {
                var entry = it.next();
                try {
                    servers.put(entry.getKey(), McpConfig.server(entry.getKey(), entry.getValue()));
                } catch (InvalidConfigException e) {
                    throw fail(List.of("mcpServers", entry.getKey()), e.getMessage());
                }
            }
            return servers;
        }

        /** "hosts": each a string as OLLAMA_HOST takes it, or {"url", "api", "name", "apiKeyEnv", "slots", "headers"}. */
        private List<HostSpec> hosts(List<com.fasterxml.jackson.databind.JsonNode> raw) {
            if (raw == null) {
                return List.of();
            }
            List<HostSpec> hosts = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                HostSpec next = host(raw.get(i), i + 1);
                if (hosts.stream().anyMatch(h -> h.name().equals(next.name()))) {
                    throw fail(
                            List.of("hosts"),
                            "host " + (i + 1) + ": another host is named '" + next.name()
                                    + "' already: give each a different \"name\" (status, -v and batch output use it)");
                }
                hosts.add(next);
            }
            return hosts;
        }

        private HostSpec host(com.fasterxml.jackson.databind.JsonNode node, int number) {
            try {
                if (node.isTextual()) {
                    return HostSpec.of(node.asText(), Api.OLLAMA);
                }
                if (!node.isObject()) {
                    throw new InvalidConfigException("a host is an address (\"http://gpu:11434\") or an object"
                            + " {\"url\": …, \"api\": \"ollama\"|\"openai\", \"name\": …, \"apiKeyEnv\": …,"
                            + " \"slots\": N, \"headers\": {…}}");
                }
                List<String> known = List.of("url", "api", "name", "apiKeyEnv", "slots", "headers");
                for (var it = node.fieldNames(); it.hasNext(); ) {
                    String field = it.next();
                    if (!known.contains(field)) {
                        throw new InvalidConfigException("unknown field '" + field + "' in a host"
                                + NearestMatch.hint(field, known) + "; a host has " + String.join(", ", known));
                    }
                }
                if (!node.path("url").isTextual()) {
                    throw new InvalidConfigException("a host object needs \"url\", its address as text");
                }
                Api api = node.has("api") ? Api.parse(node.path("api").asText(), "\"api\"") : Api.OLLAMA;
                HostSpec spec = HostSpec.of(node.path("url").asText(), api);
                String name = node.path("name").isTextual()
                        ? node.path("name").asText().strip()
                        : spec.name();
                if (name.isEmpty() || name.contains(",")) {
                    throw new InvalidConfigException("\"name\" must be non-empty text without commas");
                }
                String keyEnv = node.path("apiKeyEnv").isTextual()
                        ? node.path("apiKeyEnv").asText()
                        : null;
                if (node.has("apiKeyEnv") && (keyEnv == null || !keyEnv.matches("[A-Za-z_][A-Za-z0-9_]*"))) {
                    throw new InvalidConfigException("\"apiKeyEnv\" names an environment variable, like"
                            + " \"VLLM_API_KEY\" (the key itself never goes in this file)");
                }
                int slots = HostSpec.DEFAULT_SLOTS;
                if (node.has("slots")) {
                    if (!node.path("slots").canConvertToInt()
                            || node.path("slots").asInt() < 1) {
                        throw new InvalidConfigException("\"slots\" must be a whole number of at least 1");
                    }
                    slots = node.path("slots").asInt();
                }
                ExtraHeaders headers = node.has("headers") ? headerObject(node.path("headers"), "\"headers\"") : null;
                return new HostSpec(name, spec.address(), api, keyEnv, slots, headers);
            } catch (JollamaException e) {
                throw fail(List.of("hosts"), "host " + number + ": " + e.getMessage());
            }
        }

        private DaemonSettings daemon(FileDaemon d, boolean autostart) {
            if (d == null) {
                return new DaemonSettings(Map.of(), DaemonSettings.DEFAULT_START_TIMEOUT, autostart);
            }
            Map<String, String> env = new LinkedHashMap<>();
            if (d.env() != null) {
                d.env().forEach((name, value) -> {
                    List<String> at = List.of("daemon", "env", name);
                    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        throw fail(at, "'" + name + "' is not an environment variable name");
                    }
                    if (name.equals("OLLAMA_HOST")) {
                        throw fail(at, "the daemon's OLLAMA_HOST is always the configured host: set \"host\" instead");
                    }
                    if (!(value instanceof String string)) {
                        throw error(
                                path,
                                locate(text(), at, false),
                                "wrong type for '" + String.join(".", at) + "': expected text (in quotes), as in"
                                        + " \"2\" or \"10m\"");
                    }
                    env.put(name, string);
                });
            }
            Duration timeout =
                    duration(d.startTimeout(), DaemonSettings.DEFAULT_START_TIMEOUT, "daemon", "startTimeout");
            if (timeout.isZero()) {
                throw fail(List.of("daemon", "startTimeout"), "must be longer than 0");
            }
            return new DaemonSettings(env, timeout, autostart);
        }

        private Profile merge(String name, FileProfile p, Profile base) {
            if (p == null) {
                throw fail(List.of("profiles", name), "profile '" + name + "' is null: give it an object");
            }
            String model = p.model() != null ? p.model() : base != null ? base.model() : null;
            if (model == null || model.isBlank()) {
                throw fail(List.of("profiles", name), "profile '" + name + "' has no \"model\" (an Ollama tag)");
            }
            Map<String, Object> options = new LinkedHashMap<>(base != null ? base.options() : Map.of());
            if (p.options() != null) {
                p.options().forEach((key, value) -> {
                    String problem = OllamaOptions.check(key, value);
                    if (problem != null) {
                        throw fail(List.of("profiles", name, "options", key), problem);
                    }
                    options.put(key, value);
                });
            }
            String keepAlive = p.keepAlive() != null ? p.keepAlive() : base != null ? base.keepAlive() : null;
            if (p.keepAlive() != null && Durations.parse(p.keepAlive()) == null) {
                throw fail(List.of("profiles", name, "keepAlive"), "'" + p.keepAlive() + "' is not a duration like 5m");
            }
            return new Profile(
                    name,
                    model,
                    p.description() != null ? p.description() : base != null ? base.description() : null,
                    p.system() != null ? p.system() : base != null ? base.system() : null,
                    options,
                    keepAlive,
                    p.requirements() != null ? p.requirements() : base != null ? base.requirements() : null,
                    false,
                    p.host() != null ? p.host() : base != null ? base.host() : null,
                    p.tools() != null ? p.tools() : base != null ? base.tools() : null,
                    p.allow() != null ? p.allow() : base != null ? base.allow() : null);
        }

        private Duration duration(String text, Duration fallback, String... fieldPath) {
            if (text == null) {
                return fallback;
            }
            Duration d = Durations.parse(text);
            if (d == null || d.isNegative()) {
                throw fail(List.of(fieldPath), "'" + text + "' is not a duration like 500ms, 30s, 5m or 1h");
            }
            return d;
        }

        private int atLeast(Integer value, int fallback, int min, String field) {
            if (value == null) {
                return fallback;
            }
            if (value < min) {
                throw fail(List.of("resilience", field), field + " must be at least " + min);
            }
            return value;
        }

        private InvalidConfigException fail(List<String> fieldPath, String what) {
            return error(path, locate(text, fieldPath, false), "'" + String.join(".", fieldPath) + "': " + what);
        }
    }

    /** The line where a field is set in the text, or null when the file does not set it. */
    public static Integer lineOf(String text, List<String> fieldPath) {
        JsonLocation at = locate(text, fieldPath, true);
        return at == null ? null : at.getLineNr();
    }

    /** Where a field (its name, or its value) starts in the text, or null. */
    static JsonLocation locate(String text, List<String> fieldPath, boolean name) {
        try (JsonParser p = Mapper.INSTANCE.getFactory().createParser(text)) {
            List<String> current = new ArrayList<>();
            int depth = 0;
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        while (current.size() > depth) {
                            current.remove(current.size() - 1);
                        }
                    }
                    case FIELD_NAME -> {
                        while (current.size() >= depth) {
                            current.remove(current.size() - 1);
                        }
                        current.add(p.currentName());
                        if (current.equals(fieldPath)) {
                            if (name) {
                                return p.currentTokenLocation();
                            }
                            p.nextToken();
                            return p.currentTokenLocation();
                        }
                    }
                    default -> {}
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    record FileConfig(
            String host,
            FileTimeouts timeouts,
            FileResilience resilience,
            String defaultProfile,
            Map<String, FileProfile> profiles,
            String maxInput,
            String registry,
            Boolean markdown,
            List<com.fasterxml.jackson.databind.JsonNode> hosts,
            FileDaemon daemon,
            Boolean autostart,
            com.fasterxml.jackson.databind.JsonNode mcpServers,
            Boolean truncate,
            String compact,
            Boolean log,
            com.fasterxml.jackson.databind.JsonNode headers) {}

    /** Values are read as objects so that {@code 2} is reported, not quietly turned into {@code "2"}. */
    record FileDaemon(Map<String, Object> env, String startTimeout) {}

    record FileTimeouts(String connect, String firstByte, String idle) {}

    record FileResilience(
            Integer maxAttempts,
            String initialBackoff,
            Double multiplier,
            Double jitter,
            Float failureRateThreshold,
            Integer slidingWindow,
            Integer minimumCalls,
            String openWait) {}

    record FileProfile(
            String model,
            String description,
            String system,
            Map<String, Object> options,
            String keepAlive,
            Requirements requirements,
            String host,
            List<String> tools,
            List<String> allow) {}
}
