package dev.jollama.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.core.Awaits;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.tools.Tool;
import dev.jollama.core.tools.ToolResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * McpServers against real MCP servers from npm (server-filesystem, server-everything, over stdio and
 * streamable HTTP) and against a script server that misbehaves on purpose: each failure is one error
 * naming the server, within a bound, never a hang.
 */
class McpServersIT {

    /** Generous: a loaded CI machine starts node slowly; a passing test never waits it out. */
    private static final Duration BOUND = Duration.ofSeconds(40);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENV = Map.of("PATH", System.getenv("PATH"), "HOME", System.getenv("HOME"));

    private final List<McpServers> opened = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        opened.forEach(McpServers::close);
        processes.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    @Test
    void listsAndCallsTheFilesystemServersTools() throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.writeString(root.resolve("notes.txt"), "hello from a file\n");
        Files.writeString(dir.resolve("outside.txt"), "not for the model\n");
        McpServers servers = open(stdio("files", NpmServers.command(NpmServers.FILESYSTEM, root.toString())));

        Map<String, Tool> tools = byName(servers.tools());

        assertThat(tools).containsKeys("files__read_text_file", "files__list_directory");
        Tool read = tools.get("files__read_text_file");
        assertThat(read.spec().parameters().path("properties").has("path")).isTrue();
        assertThat(read.spec().description()).isNotBlank();
        ToolResult text = read.call(args("{\"path\": %s}", root.resolve("notes.txt")), new Cancellation());
        assertThat(text).isEqualTo(ToolResult.ok("hello from a file\n"));
        ToolResult listing = tools.get("files__list_directory").call(args("{\"path\": %s}", root), new Cancellation());
        assertThat(listing.error()).isFalse();
        assertThat(listing.content()).contains("[FILE] notes.txt");

        ToolResult refused = read.call(args("{\"path\": %s}", dir.resolve("outside.txt")), new Cancellation());
        assertThat(refused.error()).as("isError from the server").isTrue();
        assertThat(refused.content()).contains("outside allowed directories").doesNotContain("not for the model");
    }

    @Test
    void aPreviewShowsTheArgumentsAndACallTheServersAnswer() {
        McpServers servers = open(stdio("script", List.of("node", NpmServers.script("script-server.mjs"), "echo")));
        Tool act = servers.tools().get(0);

        assertThat(act.name()).isEqualTo("script__act");
        var preview = act.preview(args("{\"path\": %s, \"n\": 2}", "a.txt"));
        assertThat(preview.summary()).isEqualTo("script__act {\"path\":\"a.txt\",\"n\":2}");
        assertThat(preview.detail()).isEqualTo("{\n  \"path\" : \"a.txt\",\n  \"n\" : 2\n}");
        assertThat(preview.alwaysKey()).isEqualTo("script__act");
        assertThat(act.call(args("{\"n\": %s}", 2), new Cancellation())).isEqualTo(ToolResult.ok("{\"n\":2}"));
    }

    @Test
    void imagesAreSummarisedForTheModel() {
        McpServers servers = open(stdio("everything", NpmServers.command(NpmServers.EVERYTHING, "stdio")));

        ToolResult result =
                byName(servers.tools()).get("everything__get-tiny-image").call(args("{}"), new Cancellation());

        assertThat(result.error()).isFalse();
        assertThat(result.content()).containsPattern("\\[image: image/png, \\d+ bytes]");
    }

    @Test
    void aCancelledLongRunningCallStopsWaiting() {
        McpServers servers = open(stdio("everything", NpmServers.command(NpmServers.EVERYTHING, "stdio")));
        Map<String, Tool> tools = byName(servers.tools());
        Tool longRunning = tools.get("everything__trigger-long-running-operation");
        Cancellation cancellation = new Cancellation();

        CompletableFuture<ToolResult> call = CompletableFuture.supplyAsync(
                () -> longRunning.call(args("{\"duration\": 120, \"steps\": 120}"), cancellation));
        CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS)
                .execute(cancellation::cancel);

        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(call::join)
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(CancelledException.class));
        // The session is still good for the next call.
        assertThat(tools.get("everything__echo").call(args("{\"message\": %s}", "still here"), new Cancellation()))
                .isEqualTo(ToolResult.ok("Echo: still here"));
    }

    @Test
    void aCancelledCallIsNamedInNotificationsCancelled() throws Exception {
        Path log = dir.resolve("received.jsonl");
        McpServers servers = open(stdio(
                "script", List.of("node", NpmServers.script("script-server.mjs"), "silent-call", log.toString())));
        Tool act = servers.tools().get(0);
        Cancellation cancellation = new Cancellation();

        CompletableFuture<ToolResult> call = CompletableFuture.supplyAsync(() -> act.call(args("{}"), cancellation));
        Awaits.until("the call to reach the server", () -> received(log, "tools/call") != null);
        cancellation.cancel();

        assertTimeoutPreemptively(
                BOUND, () -> assertThatThrownBy(call::join).hasCauseInstanceOf(CancelledException.class));
        Awaits.until("notifications/cancelled", () -> received(log, "notifications/cancelled") != null);
        assertThat(received(log, "notifications/cancelled").path("params").path("requestId"))
                .isEqualTo(received(log, "tools/call").path("id"));
    }

    @Test
    void aCallWithoutAnAnswerEndsAtTheRequestTimeout() throws Exception {
        Path log = dir.resolve("received.jsonl");
        McpServers servers = open(new McpServerSpec.Stdio(
                "script",
                "node",
                List.of(NpmServers.script("script-server.mjs"), "silent-call", log.toString()),
                Map.of(),
                McpServerSpec.DEFAULT_START_TIMEOUT,
                Duration.ofSeconds(1)));

        ToolResult result =
                assertTimeoutPreemptively(BOUND, () -> servers.tools().get(0).call(args("{}"), new Cancellation()));

        assertThat(result)
                .isEqualTo(ToolResult.error("MCP server 'script' did not answer the call of act within 1s"
                        + " (\"requestTimeout\" in its entry waits longer)"));
        Awaits.until("notifications/cancelled", () -> received(log, "notifications/cancelled") != null);
        assertThat(received(log, "notifications/cancelled")
                        .path("params")
                        .path("reason")
                        .asText())
                .isEqualTo("timed out");
    }

    @Test
    void theServerGetsPathHomeAndItsEnvNothingElse() throws Exception {
        Map<String, String> environment = new HashMap<>(ENV);
        environment.put("SECRET_TOKEN", "hunter2");
        environment.put("GIVEN_VALUE", "from jollama's environment");
        List<String> command = NpmServers.command(NpmServers.EVERYTHING, "stdio");
        McpServers servers = open(
                environment,
                McpServerSpec.Stdio.of(
                        "everything",
                        command.get(0),
                        command.subList(1, command.size()),
                        Map.of("GIVEN", "${GIVEN_VALUE}", "DEFAULTED", "${UNSET_VARIABLE:-fallback}")));

        ToolResult result = byName(servers.tools()).get("everything__get-env").call(args("{}"), new Cancellation());

        JsonNode env = JSON.readTree(result.content());
        assertThat(env.path("GIVEN").asText()).isEqualTo("from jollama's environment");
        assertThat(env.path("DEFAULTED").asText()).isEqualTo("fallback");
        assertThat(env.path("PATH").asText()).isEqualTo(ENV.get("PATH"));
        assertThat(env.path("HOME").asText()).isEqualTo(ENV.get("HOME"));
        assertThat(env.has("SECRET_TOKEN"))
                .as("jollama's other variables stay out")
                .isFalse();
    }

    @Test
    void aMissingVariableIsAConfigErrorNamingTheServer() {
        McpServers servers = open(
                McpServerSpec.Stdio.of("needs-key", "node", List.of("--version"), Map.of("KEY", "${NO_SUCH_VAR}")));

        assertThatThrownBy(servers::tools)
                .isInstanceOf(dev.jollama.core.error.InvalidConfigException.class)
                .hasMessage("MCP server 'needs-key' uses ${NO_SUCH_VAR}, which is not set in jollama's environment"
                        + " (set it, or write ${NO_SUCH_VAR:-default})");
    }

    @Test
    void aCommandThatDoesNotExistIsOneErrorWithItsStderr() {
        McpServers servers = open(McpServerSpec.Stdio.of("missing", "jollama-no-such-mcp-server", List.of(), Map.of()));

        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(servers::tools)
                .isInstanceOf(McpServerException.class)
                .hasMessageStartingWith("MCP server 'missing'")
                .hasMessageContaining("jollama-no-such-mcp-server")
                .hasMessageContaining("No such file or directory"));
        // Started once per process: the same error again, at once.
        assertThatThrownBy(servers::tools)
                .isInstanceOf(McpServerException.class)
                .hasMessageStartingWith("MCP server 'missing'");
    }

    @Test
    void aServerThatHangsAtStartIsStoppedWithItsGroupAtTheStartTimeout() throws Exception {
        Path pid = dir.resolve("child.pid");
        McpServers servers = open(new McpServerSpec.Stdio(
                "stuck",
                "bash",
                List.of("-c", "echo 'warming up' >&2; sleep 60 & echo $! > '" + pid + "'; wait"),
                Map.of(),
                Duration.ofSeconds(2),
                McpServerSpec.DEFAULT_REQUEST_TIMEOUT));

        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(servers::tools)
                .isInstanceOf(McpServerException.class)
                .hasMessage("MCP server 'stuck' did not answer within 2s, so it was stopped (\"startTimeout\": \"2m\""
                        + " in its entry waits longer); the last lines of its stderr:\n  warming up"));
        long child = Long.parseLong(Files.readString(pid).strip());
        Awaits.until("the server's own child (sleep) to be stopped with it", () -> ProcessHandle.of(child)
                .map(ProcessHandle::isAlive)
                .orElse(false)
                .equals(false));
    }

    @Test
    void aServerThatDiesMidCallIsAnErrorResultAtOnce() {
        McpServers servers = open(new McpServerSpec.Stdio(
                "fragile",
                "node",
                List.of(NpmServers.script("script-server.mjs"), "die-on-call"),
                Map.of(),
                McpServerSpec.DEFAULT_START_TIMEOUT,
                Duration.ofMinutes(5)));
        Tool act = servers.tools().get(0);

        ToolResult result = assertTimeoutPreemptively(BOUND, () -> act.call(args("{}"), new Cancellation()));

        assertThat(result)
                .isEqualTo(ToolResult.error("MCP server 'fragile' exited with status 3; the last lines of its stderr:\n"
                        + "  dying on purpose in the middle of a call"));
        assertThat(act.call(args("{}"), new Cancellation())).isEqualTo(result);
    }

    @Test
    void aServerThatFloodsStdoutMidCallIsAnErrorResult() {
        McpServers servers = open(new McpServerSpec.Stdio(
                "noisy",
                "node",
                List.of(NpmServers.script("script-server.mjs"), "flood-on-call"),
                Map.of(),
                McpServerSpec.DEFAULT_START_TIMEOUT,
                Duration.ofMinutes(5)));
        Tool act = servers.tools().get(0);

        ToolResult result = assertTimeoutPreemptively(BOUND, () -> act.call(args("{}"), new Cancellation()));

        assertThat(result.error()).isTrue();
        assertThat(result.content())
                .startsWith("MCP server 'noisy' wrote 21 lines to stdout that are not MCP messages")
                .contains("the first: 'garbage, not JSON-RPC'");
    }

    @Test
    void aServerThatWritesGarbageFromTheStartIsOneError() {
        McpServers servers = open(McpServerSpec.Stdio.of("yes", "bash", List.of("-c", "exec yes garbage"), Map.of()));

        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(servers::tools)
                .isInstanceOf(McpServerException.class)
                .hasMessageStartingWith("MCP server 'yes' wrote 21 lines to stdout that are not MCP messages"));
    }

    @Test
    void closeStopsTheServerAndEverythingItStarted() throws Exception {
        Path pid = dir.resolve("server.pid");
        McpServers servers = open(McpServerSpec.Stdio.of(
                "wrapped",
                "bash",
                List.of(
                        "-c",
                        // <&0: a job started with & would get /dev/null as its stdin otherwise
                        "node '" + NpmServers.script("script-server.mjs") + "' echo <&0 & echo $! > '" + pid
                                + "'; wait"),
                Map.of()));
        assertThat(servers.tools()).extracting(Tool::name).containsExactly("wrapped__act");
        long node = Long.parseLong(Files.readString(pid).strip());

        servers.close();

        Awaits.until("the server's node, a grandchild, to be stopped", () -> ProcessHandle.of(node)
                .map(ProcessHandle::isAlive)
                .orElse(false)
                .equals(false));
        assertThatThrownBy(servers::tools)
                .isInstanceOf(McpServerException.class)
                .hasMessage("MCP server 'wrapped': was stopped");
    }

    @Test
    void streamableHttpServerOnLoopback() throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("node", "--require", NpmServers.script("loopback-only.cjs")));
        command.addAll(
                NpmServers.command(NpmServers.EVERYTHING, "streamableHttp").subList(1, 3));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", String.valueOf(port));
        Process server = builder.start();
        processes.add(server);
        awaitLine(server, "listening on port " + port);

        McpServers servers = open(McpServerSpec.Http.of(
                "web", "http://127.0.0.1:" + port + "/mcp", Map.of("X-Jollama-Test", "${GIVEN:-yes}")));
        Map<String, Tool> tools = byName(servers.tools());

        assertThat(tools).containsKeys("web__echo", "web__get-env");
        assertThat(tools.get("web__echo").call(args("{\"message\": %s}", "over HTTP"), new Cancellation()))
                .isEqualTo(ToolResult.ok("Echo: over HTTP"));
    }

    @Test
    void nothingAnsweringAtTheUrlIsOneError() throws Exception {
        McpServers servers = open(McpServerSpec.Http.of("gone", "http://127.0.0.1:" + freePort() + "/mcp", Map.of()));

        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(servers::tools)
                .isInstanceOf(McpServerException.class)
                .hasMessageStartingWith("MCP server 'gone': nothing answers at http://127.0.0.1:"));
    }

    private McpServers open(McpServerSpec... specs) {
        return open(ENV, specs);
    }

    private McpServers open(Map<String, String> environment, McpServerSpec... specs) {
        Map<String, McpServerSpec> byName = new LinkedHashMap<>();
        for (McpServerSpec spec : specs) {
            byName.put(spec.name(), spec);
        }
        McpServers servers = new McpServers(byName, environment);
        opened.add(servers);
        return servers;
    }

    private static McpServerSpec.Stdio stdio(String name, List<String> command) {
        return McpServerSpec.Stdio.of(name, command.get(0), command.subList(1, command.size()), Map.of());
    }

    private static Map<String, Tool> byName(List<Tool> tools) {
        Map<String, Tool> out = new LinkedHashMap<>();
        tools.forEach(t -> out.put(t.name(), t));
        return out;
    }

    /** {@code template} with each {@code %s} replaced by its value as a JSON string or number. */
    private static JsonNode args(String template, Object... values) {
        Object[] quoted = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            quoted[i] =
                    values[i] instanceof Number ? values[i] : dev.jollama.core.json.Json.quote(values[i].toString());
        }
        try {
            return JSON.readTree(String.format(template, quoted));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The first message with {@code method} the script server logged, or null. */
    private static JsonNode received(Path log, String method) {
        try {
            if (!Files.exists(log)) {
                return null;
            }
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                JsonNode message = JSON.readTree(line);
                if (method.equals(message.path("method").asText())) {
                    return message;
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitLine(Process process, String text) {
        AtomicBoolean seen = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (BufferedReader err =
                    new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    if (line.contains(text)) {
                        seen.set(true);
                    }
                }
            } catch (IOException ignored) {
                // the server is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        Awaits.until("the server to say '" + text + "'", () -> seen.get() || !process.isAlive());
        assertThat(seen).as("the server said '" + text + "' before exiting").isTrue();
    }
}
