package dev.jollama.core.mcp;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.json.JsonProblem;
import dev.jollama.core.text.Durations;
import dev.jollama.core.text.NearestMatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code "mcpServers"} entries the way Claude Desktop, Cursor and Claude Code write them: {@code
 * {"NAME": {"command": "npx", "args": [...], "env": {...}}}} for a program, {@code {"NAME": {"url":
 * "https://...", "headers": {...}}}} for streamable HTTP. Strict, like the rest of jollama's config: a
 * bad entry is one error naming it. jollama's config file reads its {@code mcpServers} with {@link
 * #server}; {@code --mcp-config FILE} reads a whole {@code claude_desktop_config.json} with {@link #read}.
 */
public final class McpConfig {

    /** The fields an entry may have: the common ones, and jollama's two timeouts. */
    public static final List<String> FIELDS =
            List.of("type", "command", "args", "env", "url", "headers", "startTimeout", "requestTimeout");

    private static final String SHAPE = "{\"command\": \"npx\", \"args\": [...], \"env\": {...}} or {\"url\":"
            + " \"https://...\", \"headers\": {...}}";

    private McpConfig() {}

    /**
     * One server of {@code "mcpServers"}.
     *
     * @throws InvalidConfigException saying what is wrong with it; the caller says where it is
     */
    public static McpServerSpec server(String name, JsonNode entry) {
        if (!McpServerSpec.NAME.matcher(name).matches()) {
            throw new InvalidConfigException("'" + name + "' is not a server name: use letters, digits, - and _"
                    + " (it starts the names of its tools, as in " + name.replaceAll("[^A-Za-z0-9_-]", "_")
                    + "__read_file)");
        }
        if (entry == null || !entry.isObject()) {
            throw new InvalidConfigException("a server is an object: " + SHAPE);
        }
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new InvalidConfigException("unknown field '" + field + "'" + NearestMatch.hint(field, FIELDS)
                        + "; a server has " + String.join(", ", FIELDS));
            }
        }
        String type = entry.has("type") ? text(entry, "type") : null;
        boolean stdio = entry.has("command");
        boolean http = entry.has("url");
        if (stdio && http) {
            throw new InvalidConfigException(
                    "has both \"command\" and \"url\": a server is a program to start or" + " an address, not both");
        }
        if (!stdio && !http) {
            throw new InvalidConfigException(
                    "needs \"command\" (a program to start) or \"url\" (a streamable HTTP" + " endpoint): " + SHAPE);
        }
        if (type != null) {
            switch (type) {
                case "stdio" -> {
                    if (!stdio) {
                        throw new InvalidConfigException("\"type\": \"stdio\" needs \"command\"");
                    }
                }
                case "http", "streamable-http", "streamableHttp" -> {
                    if (!http) {
                        throw new InvalidConfigException("\"type\": \"" + type + "\" needs \"url\"");
                    }
                }
                case "sse" ->
                    throw new InvalidConfigException(
                            "the SSE transport is deprecated and not supported:"
                                    + " give the server's streamable HTTP address (often ending in /mcp) with \"type\": \"http\"");
                default ->
                    throw new InvalidConfigException(
                            "unknown \"type\" '" + type + "': stdio, or http for streamable HTTP");
            }
        }
        Duration start = duration(entry, "startTimeout", McpServerSpec.DEFAULT_START_TIMEOUT);
        Duration request = duration(entry, "requestTimeout", McpServerSpec.DEFAULT_REQUEST_TIMEOUT);
        if (stdio) {
            if (entry.has("headers")) {
                throw new InvalidConfigException("\"headers\" are for a \"url\"; a program gets \"env\"");
            }
            String command = text(entry, "command");
            if (command.isBlank()) {
                throw new InvalidConfigException("\"command\" is empty: name the program to start, like \"npx\"");
            }
            return new McpServerSpec.Stdio(
                    name, command, textList(entry, "args"), textMap(entry, "env", true), start, request);
        }
        if (entry.has("args") || entry.has("env")) {
            throw new InvalidConfigException("\"args\" and \"env\" are for a \"command\"; an address gets \"headers\"");
        }
        String url = text(entry, "url");
        if (!url.contains("${") && !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new InvalidConfigException("\"url\" '" + url + "' is not an http:// or https:// address");
        }
        return new McpServerSpec.Http(name, url, textMap(entry, "headers", false), start, request);
    }

    /**
     * The servers of a file as Claude Desktop keeps them ({@code claude_desktop_config.json}): its
     * top-level {@code "mcpServers"}; every other key is someone else's and ignored.
     *
     * @throws InvalidConfigException naming the file, line and server when it cannot be used
     */
    public static Map<String, McpServerSpec> read(Path file) {
        String text;
        try {
            text = new String(
                    dev.jollama.core.storage.OwnFiles.read(file, dev.jollama.core.storage.OwnFiles.Kind.MCP_CONFIG),
                    StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException("MCP config " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidConfigException("cannot read MCP config " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = Mapper.INSTANCE.readTree(text);
        } catch (JsonProcessingException e) {
            throw error(file, e.getLocation(), "invalid JSON: " + JsonProblem.describe(e));
        }
        if (root == null || !root.isObject() || !root.path("mcpServers").isObject()) {
            throw error(
                    file,
                    null,
                    "no \"mcpServers\" object at the top level, as in {\"mcpServers\": {\"NAME\": " + SHAPE + "}}");
        }
        Map<String, McpServerSpec> servers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("mcpServers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                servers.put(e.getKey(), server(e.getKey(), e.getValue()));
            } catch (InvalidConfigException bad) {
                throw error(file, locate(text, e.getKey()), "'mcpServers." + e.getKey() + "': " + bad.getMessage());
            }
        }
        return servers;
    }

    private static final class Mapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    private static InvalidConfigException error(Path file, JsonLocation at, String what) {
        String where = at == null || at.getLineNr() < 0 ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
        return new InvalidConfigException("MCP config " + file + where + ": " + what);
    }

    /** Where the entry of {@code "mcpServers": {"NAME": …}} starts, as ConfigFile points at a bad value. */
    private static JsonLocation locate(String text, String name) {
        try (JsonParser p = Mapper.INSTANCE.getFactory().createParser(text)) {
            int depth = 0;
            boolean inServers = false;
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        if (depth < 2) {
                            inServers = false;
                        }
                    }
                    case FIELD_NAME -> {
                        if (depth == 1 && p.currentName().equals("mcpServers")) {
                            inServers = true;
                        } else if (depth == 2 && inServers && p.currentName().equals(name)) {
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

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidConfigException("\"" + field + "\" must be text (in quotes)");
        }
        return value.asText();
    }

    private static List<String> textList(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    out = null;
                    break;
                }
                out.add(item.asText());
            }
        }
        if (!value.isArray() || out == null) {
            throw new InvalidConfigException("\"" + field + "\" is a list of text, like [\"-y\","
                    + " \"@modelcontextprotocol/server-filesystem\", \"/home/me/notes\"]");
        }
        return out;
    }

    private static Map<String, String> textMap(JsonNode entry, String field, boolean variables) {
        JsonNode value = entry.get(field);
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new InvalidConfigException("\"" + field + "\" is an object of text values, like "
                    + (variables ? "{\"API_KEY\": \"${API_KEY}\"}" : "{\"Authorization\": \"Bearer ${TOKEN}\"}"));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (variables && !e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new InvalidConfigException(
                        "'" + field + "." + e.getKey() + "': not an environment variable name");
            }
            if (!e.getValue().isTextual()) {
                throw new InvalidConfigException("'" + field + "." + e.getKey() + "' must be text (in quotes)");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static Duration duration(JsonNode entry, String field, Duration fallback) {
        if (!entry.has(field)) {
            return fallback;
        }
        Duration d = Durations.parse(text(entry, field));
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidConfigException(
                    "\"" + field + "\" '" + entry.get(field).asText() + "' is not a duration like 30s or 2m");
        }
        return d;
    }
}
