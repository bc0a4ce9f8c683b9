package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Call;
import dev.jollama.core.mcp.NpmServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP through the real commands and a real server from npm ({@code server-filesystem} rooted at a
 * folder): {@code mcp list} shows its tools, {@code mcp call} calls one, and a model's call to
 * {@code fs__TOOL} is answered from the server.
 */
class McpIT {

    @TempDir
    Path home;

    @TempDir
    Path root;

    private final FakeOllama fake = FakeOllama.start();
    private final ObjectMapper json = new ObjectMapper();
    private CliRunner cli;

    @BeforeEach
    void configure() throws Exception {
        Files.writeString(root.resolve("notes.txt"), "pineapple on Tuesday\n");
        List<String> command = NpmServers.command(NpmServers.FILESYSTEM, root.toString());
        ObjectNode fs = json.createObjectNode().put("command", command.get(0));
        ArrayNode args = fs.putArray("args");
        command.subList(1, command.size()).forEach(args::add);
        ObjectNode config = json.createObjectNode();
        config.putObject("mcpServers").set("fs", fs);
        cli = new CliRunner(home).host(fake.url());
        cli.writeConfig(json.writeValueAsString(config));
        fake.capabilities("llama3.2", "completion", "tools");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void listShowsTheServersToolsWithTheirSchemas() throws Exception {
        Result text = cli.run("mcp", "list");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("fs  ready\n").contains("  fs__read_text_file  ");

        Result r = cli.run("mcp", "list", "--json");
        JsonNode servers = json.readTree(r.out());
        assertThat(servers.get(0).path("name").asText()).isEqualTo("fs");
        JsonNode read = null;
        for (JsonNode tool : servers.get(0).path("tools")) {
            if (tool.path("name").asText().equals("fs__read_text_file")) {
                read = tool;
            }
        }
        assertThat(read).as("fs__read_text_file in " + r.out()).isNotNull();
        assertThat(read.path("tool").asText()).isEqualTo("read_text_file");
        assertThat(read.path("input_schema").path("properties").has("path")).isTrue();
    }

    @Test
    void callCallsAToolByHand() {
        Result r = cli.run("mcp", "call", "fs", "read_text_file", "{\"path\": \"" + root.resolve("notes.txt") + "\"}");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("pineapple on Tuesday");

        Result bad = cli.run("mcp", "call", "fs", "read_text_file", "not json");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("jollama: the arguments must be a JSON object");
        Result none = cli.run("mcp", "call", "nosuch", "x");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("jollama: no MCP server 'nosuch'; configured: fs\n");
    }

    @Test
    void aModelsCallToAServersToolIsAnsweredFromTheServer() {
        fake.toolCalls(Call.of("fs__read_text_file", "{\"path\":\"" + root.resolve("notes.txt") + "\"}")
                .withId("call_1")
                .withIndex(0));

        Result r = cli.run("run", "-T", "fs__*", "--allow", "fs__read_text_file", "llama3.2", "what do my notes say?");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("tool said: ").contains("pineapple on Tuesday");
        JsonNode offered = fake.requests("/api/chat").get(0).json().path("tools");
        assertThat(offered.toString()).contains("\"fs__read_text_file\"").doesNotContain("\"read_file\"");
    }

    @Test
    void withoutATerminalAServersToolIsRefusedToo() {
        fake.toolCalls(Call.of("fs__read_text_file", "{\"path\":\"" + root.resolve("notes.txt") + "\"}"));

        Result r = cli.run("run", "-T", "mcp", "llama3.2", "read my notes");

        assertThat(r.exitCode()).isEqualTo(6);
        assertThat(r.err()).contains("--allow fs__read_text_file");
        assertThat(fake.requests("/api/chat").toString()).doesNotContain("pineapple");
    }

    @Test
    void aServerThatCannotStartIsOneLineNamingIt() throws Exception {
        cli.writeConfig("{\"mcpServers\": {\"broken\": {\"command\": \"/nonexistent/mcp-server\"}}}");

        Result r = cli.run("run", "-T", "mcp", "llama3.2", "hi");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("jollama: ").contains("broken");
        assertThat(r.err().lines().count()).isLessThanOrEqualTo(12);
        assertThat(fake.requests("/api/chat")).isEmpty();
    }
}
