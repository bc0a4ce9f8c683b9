package dev.jollama.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.settings.Config;
import dev.jollama.core.settings.ConfigFile;
import dev.jollama.core.settings.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mcpServers as Claude Desktop and Cursor users write them, in jollama's config and in their own file. */
class McpConfigTest {

    @TempDir
    Path dir;

    @Test
    void readsAClaudeDesktopFileAsItIsIgnoringItsOtherKeys() throws Exception {
        Path file = write(
                """
                {
                  "globalShortcut": "Ctrl+Space",
                  "mcpServers": {
                    "files": {
                      "command": "npx",
                      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home/me/notes"],
                      "env": {"DEBUG": "${DEBUG:-0}"}
                    },
                    "search": {"url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer ${TOKEN}"}},
                    "typed": {"type": "http", "url": "http://127.0.0.1:3001/mcp"}
                  },
                  "preferences": {"quickEntry": true}
                }
                """);

        Map<String, McpServerSpec> servers = McpConfig.read(file);

        assertThat(servers.keySet()).containsExactly("files", "search", "typed");
        assertThat(servers.get("files"))
                .isEqualTo(McpServerSpec.Stdio.of(
                        "files",
                        "npx",
                        List.of("-y", "@modelcontextprotocol/server-filesystem", "/home/me/notes"),
                        Map.of("DEBUG", "${DEBUG:-0}")));
        assertThat(servers.get("search"))
                .isEqualTo(McpServerSpec.Http.of(
                        "search", "https://mcp.example.com/mcp", Map.of("Authorization", "Bearer ${TOKEN}")));
        assertThat(servers.get("files").startTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aBadEntryIsOneErrorNamingItWithItsLine() throws Exception {
        Path file = write(
                """
                {
                  "mcpServers": {
                    "good": {"command": "true"},
                    "files": {"comand": "npx"}
                  }
                }
                """);

        assertThatThrownBy(() -> McpConfig.read(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("MCP config " + file + ":4:14: 'mcpServers.files': unknown field 'comand' (did you mean"
                        + " 'command'?); a server has type, command, args, env, url, headers, startTimeout,"
                        + " requestTimeout");
    }

    @Test
    void aFileWithoutMcpServersOrNotJsonIsRefused() throws Exception {
        Path none = write("{\"preferences\": {}}");
        assertThatThrownBy(() -> McpConfig.read(none))
                .hasMessageStartingWith("MCP config " + none + ": no \"mcpServers\" object at the top level");
        Path broken = write("{\n  \"mcpServers\": {,}\n}");
        assertThatThrownBy(() -> McpConfig.read(broken)).hasMessageStartingWith("MCP config " + broken + ":2:");
        assertThatThrownBy(() -> McpConfig.read(dir.resolve("absent.json")))
                .hasMessage("MCP config " + dir.resolve("absent.json") + " does not exist");
    }

    @Test
    void eachWrongEntrySaysWhatIsWrong() {
        assertThat(problem("my server", "{\"command\": \"x\"}"))
                .isEqualTo("'my server' is not a server name: use letters, digits, - and _ (it starts the names of"
                        + " its tools, as in my_server__read_file)");
        assertThat(problem("s", "\"npx\"")).startsWith("a server is an object: {\"command\": \"npx\"");
        assertThat(problem("s", "{}")).startsWith("needs \"command\" (a program to start) or \"url\"");
        assertThat(problem("s", "{\"command\": \"x\", \"url\": \"http://h/mcp\"}"))
                .startsWith("has both \"command\" and \"url\"");
        assertThat(problem("s", "{\"type\": \"sse\", \"url\": \"http://h/sse\"}"))
                .startsWith("the SSE transport is deprecated and not supported");
        assertThat(problem("s", "{\"command\": \"x\", \"args\": \"-y pkg\"}")).startsWith("\"args\" is a list of text");
        assertThat(problem("s", "{\"command\": \"x\", \"args\": [1]}")).startsWith("\"args\" is a list of text");
        assertThat(problem("s", "{\"command\": \"x\", \"env\": {\"N\": 2}}"))
                .isEqualTo("'env.N' must be text (in quotes)");
        assertThat(problem("s", "{\"command\": \"x\", \"env\": {\"A-B\": \"2\"}}"))
                .isEqualTo("'env.A-B': not an environment variable name");
        assertThat(problem("s", "{\"url\": \"ftp://h/mcp\"}"))
                .isEqualTo("\"url\" 'ftp://h/mcp' is not an http:// or https:// address");
        assertThat(problem("s", "{\"url\": \"http://h/mcp\", \"env\": {}}"))
                .startsWith("\"args\" and \"env\" are for a \"command\"");
        assertThat(problem("s", "{\"command\": \"x\", \"startTimeout\": \"soon\"}"))
                .isEqualTo("\"startTimeout\" 'soon' is not a duration like 30s or 2m");
    }

    @Test
    void timeoutsMayBeSetPerServer() {
        McpServerSpec spec = McpConfig.server(
                "slow", json("{\"command\": \"x\", \"startTimeout\": \"2m\", \"requestTimeout\": \"10m\"}"));
        assertThat(spec.startTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(spec.requestTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void jollamasConfigFileHoldsMcpServersAndSaysWhereOneIsWrong() {
        Config config = ConfigFile.check(
                Path.of("c.json"),
                """
                {
                  "mcpServers": {
                    "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]},
                    "search": {"url": "https://mcp.example.com/mcp"}
                  }
                }
                """);
        assertThat(config.mcpServers().keySet()).containsExactly("files", "search");
        assertThat(Setting.MCP_SERVERS.valueIn(config)).isEqualTo("files, search");
        assertThat(Setting.MCP_SERVERS.valueIn(Config.defaults())).isEmpty();

        assertThatThrownBy(() -> ConfigFile.check(
                        Path.of("c.json"), "{\n  \"mcpServers\": {\n    \"files\": {\"command\": 3}\n  }\n}\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("config c.json:3:14: 'mcpServers.files': \"command\" must be text (in quotes)");
        assertThatThrownBy(() -> ConfigFile.check(Path.of("c.json"), "{\"mcpServers\": [\"files\"]}"))
                .hasMessageStartingWith("config c.json:1:16: 'mcpServers': wrong type: expected an object of servers");
    }

    @Test
    void placeholdersComeFromTheGivenEnvironment() {
        McpServerSpec.Stdio spec = McpServerSpec.Stdio.of(
                "s",
                "${TOOLS}/server",
                List.of("--key=${KEY}", "${EMPTY:-fallback}", "$NOT_A_PLACEHOLDER"),
                Map.of("A", "${KEY}"));

        McpServerSpec.Stdio expanded = spec.expand(Map.of("TOOLS", "/opt/tools", "KEY", "k$1\\", "EMPTY", ""));

        assertThat(expanded.command()).isEqualTo("/opt/tools/server");
        assertThat(expanded.args()).containsExactly("--key=k$1\\", "fallback", "$NOT_A_PLACEHOLDER");
        assertThat(expanded.env()).containsExactly(Map.entry("A", "k$1\\"));
        assertThatThrownBy(() -> McpServerSpec.Http.of("web", "https://${HOST}/mcp", Map.of())
                        .expand(Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("MCP server 'web' uses ${HOST}, which is not set in jollama's environment");
    }

    private String problem(String name, String entry) {
        try {
            McpConfig.server(name, json(entry));
        } catch (InvalidConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted " + entry);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Path write(String text) throws Exception {
        Path file = Files.createTempFile(dir, "claude_desktop_config", ".json");
        Files.writeString(file, text);
        return file;
    }
}
