package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Call;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `jollama run -T …` through the real command against a fake daemon whose model calls tools as
 * Ollama streams them: scripts fail closed (exit 6), --allow lets the call run and its result reach the
 * model, and nothing outside the workspace is read.
 */
class RunToolsIT {

    @TempDir
    Path home;

    @TempDir
    Path workspace;

    private final FakeOllama fake = FakeOllama.start();

    @BeforeEach
    void files() throws Exception {
        Files.writeString(workspace.resolve("notes.txt"), "pineapple on Tuesday\n");
        Files.writeString(home.resolve("secret.txt"), "the launch codes\n");
        fake.capabilities("llama3.2", "completion", "tools");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private CliRunner cli() {
        return new CliRunner(home).host(fake.url());
    }

    private List<JsonNode> chats() {
        return fake.requests("/api/chat").stream()
                .map(FakeOllama.Recorded::json)
                .toList();
    }

    @Test
    void inAScriptACallNotAllowedIsRefusedWithExit6AndNothingIsRead() {
        fake.toolCalls(Call.of("read_file", "{\"path\":\"notes.txt\"}")
                .withId("call_1")
                .withIndex(0));

        Result r =
                cli().run("run", "-T", "read_file", "--workspace", workspace.toString(), "llama3.2", "read notes.txt");

        assertThat(r.exitCode()).isEqualTo(6);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .startsWith("jollama: the model asked to run read_file")
                .contains("--allow read_file")
                .doesNotContain("pineapple");
        assertThat(chats()).hasSize(1); // nothing went back to the model
        assertThat(chats().get(0)
                        .path("tools")
                        .get(0)
                        .path("function")
                        .path("name")
                        .asText())
                .isEqualTo("read_file");
    }

    @Test
    void withAllowTheFilesTextReachesTheModelAndTheAnswerIsPrinted() {
        fake.toolCalls(Call.of("read_file", "{\"path\":\"notes.txt\"}")
                .withId("call_1")
                .withIndex(0));

        Result r = cli().run(
                        "run",
                        "-T",
                        "read_file",
                        "--allow",
                        "read_file",
                        "--workspace",
                        workspace.toString(),
                        "llama3.2",
                        "read notes.txt");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("pineapple on Tuesday");
        JsonNode second = chats().get(1);
        JsonNode toolMessage = second.path("messages").get(2);
        assertThat(toolMessage.path("role").asText()).isEqualTo("tool");
        assertThat(toolMessage.path("tool_name").asText()).isEqualTo("read_file");
        assertThat(toolMessage.path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(toolMessage.path("content").asText()).contains("pineapple on Tuesday");
        assertThat(r.err()).contains("jollama: tool read_file (allowed by --allow)");
    }

    @Test
    void aPathOutOfTheWorkspaceIsRefusedAndTheModelIsToldWhy() {
        fake.toolCalls(
                Call.of("read_file", "{\"path\":\"../" + home.relativize(home.resolve("secret.txt")) + "\"}"),
                Call.of("read_file", "{\"path\":\"" + home.resolve("secret.txt") + "\"}"));

        Result r = cli().run(
                        "run",
                        "-T",
                        "read_file",
                        "--allow",
                        "*",
                        "--workspace",
                        workspace.toString(),
                        "llama3.2",
                        "read the secret");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("launch codes").contains("outside the workspace");
        assertThat(fake.requests("/api/chat").toString()).doesNotContain("launch codes");
    }

    @Test
    void aModelWithoutToolsIsRefusedBeforeAnythingIsSent() {
        Result r = cli().run("run", "-T", "read_file", "llama3.2:1b-nothing", "hi");

        assertThat(r.exitCode()).isIn(2, 3);
        assertThat(fake.requests("/api/chat")).isEmpty();

        fake.capabilities("gemma", "completion", "vision");
        Result noTools = cli().run("run", "-T", "read_file", "gemma", "hi");
        assertThat(noTools.exitCode()).isEqualTo(2);
        assertThat(noTools.err())
                .isEqualTo("jollama: model gemma does not support tools (its capabilities: completion,"
                        + " vision): choose a model that lists tools in `jollama show`\n");
        assertThat(fake.requests("/api/chat")).isEmpty();
    }

    @Test
    void jsonCarriesTheCallsWithTheirApprovalAndResult() throws Exception {
        fake.toolCalls(Call.of("read_file", "{\"path\":\"notes.txt\"}")
                .withId("call_1")
                .withIndex(0));

        Result r = cli().run(
                        "run",
                        "--json",
                        "-T",
                        "read_file",
                        "--allow",
                        "read_file",
                        "--workspace",
                        workspace.toString(),
                        "llama3.2",
                        "read notes.txt");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("response").asText()).contains("pineapple");
        JsonNode call = json.path("tool_calls").get(0);
        assertThat(call.path("name").asText()).isEqualTo("read_file");
        assertThat(call.path("arguments").path("path").asText()).isEqualTo("notes.txt");
        assertThat(call.path("approval").asText()).isEqualTo("allowed by --allow");
        assertThat(call.path("result").asText()).contains("pineapple");
        assertThat(call.has("duration_ms")).isTrue();
    }

    @Test
    void aNameThatNamesNoToolIsAUsageError() {
        Result r = cli().run("run", "-T", "rm_rf", "llama3.2", "hi");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("jollama: -T rm_rf names no tool: the built-in ones are read_file");
        assertThat(fake.requests("/api/chat")).isEmpty();
    }

    @Test
    void pastMaxStepsTheRunStopsWithExit1NamingTheLimit() {
        fake.toolCalls(Call.of("list_files", "{}"));
        // The fake answers a tool result with text, so make every answer ask again: a model that never stops.
        fake.toolCallsAfterResults(true);

        Result r = cli().run(
                        "run",
                        "-T",
                        "list_files",
                        "--allow",
                        "list_files",
                        "--max-steps",
                        "2",
                        "--workspace",
                        workspace.toString(),
                        "llama3.2",
                        "go");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("--max-steps 2");
    }

    @Test
    void batchItemsFailClosedWithExitCode6InTheirErrorLine() throws Exception {
        fake.toolCalls(Call.of("read_file", "{\"path\":\"notes.txt\"}"));

        Result r = cli().stdin("{\"id\": \"a\", \"prompt\": \"read notes\"}\n")
                .run("batch", "-T", "read_file", "--workspace", workspace.toString(), "llama3.2");

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode line = new ObjectMapper().readTree(r.out().lines().findFirst().orElseThrow());
        assertThat(line.path("id").asText()).isEqualTo("a");
        assertThat(line.path("exit_code").asInt()).isEqualTo(6);
        assertThat(line.path("error").asText()).contains("--allow read_file");

        Result allowed = cli().stdin("{\"id\": \"b\", \"prompt\": \"read notes\"}\n")
                .run(
                        "batch",
                        "-T",
                        "read_file",
                        "--allow",
                        "read_file",
                        "--workspace",
                        workspace.toString(),
                        "llama3.2");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        JsonNode ok =
                new ObjectMapper().readTree(allowed.out().lines().findFirst().orElseThrow());
        assertThat(ok.path("response").asText()).contains("pineapple");
        assertThat(ok.path("tool_calls").get(0).path("name").asText()).isEqualTo("read_file");
    }
}
