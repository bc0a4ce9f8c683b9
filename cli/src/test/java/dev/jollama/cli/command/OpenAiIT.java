package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOpenAi;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands against an OpenAI-compatible engine (vLLM, llama.cpp, LM Studio, LiteLLM, Ollama's /v1). */
class OpenAiIT {

    @TempDir
    Path home;

    private final FakeOpenAi engine = FakeOpenAi.start();

    @AfterEach
    void stop() {
        engine.close();
    }

    private CliRunner cli() {
        return new CliRunner(home);
    }

    @Test
    void runStreamsTheAnswerFromTheEngine() {
        Result r = cli().run("--api", "openai", "--host", engine.url(), "run", "phi3:mini", "hi");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("echo: hi\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void anErrorEventMidStreamExitsOneWithTheEnginesWords() {
        engine.answer(FakeOpenAi.Answer.NAMED_ERROR_EVENT);

        Result r = cli().run("--api", "openai", "--host", engine.url(), "run", "phi3:mini", "a b c");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("echo: \n");
        assertThat(r.err())
                .isEqualTo("jollama: the OpenAI-compatible server at " + engine.url()
                        + ": model runner crashed (mid-answer: the answer is incomplete)\n");
    }

    @Test
    void statsAndJsonCarryTheUsageCounters() throws Exception {
        Result r = cli().run("--api", "openai", "--host", engine.url(), "run", "phi3:mini", "one two", "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("response").asText()).isEqualTo("echo: one two");
        assertThat(json.path("prompt_eval_count").asInt()).isEqualTo(12);
        assertThat(json.path("eval_count").asInt()).isEqualTo(4);
    }

    @Test
    void anAnswerCutAtTheLengthLimitSaysSo() {
        Result r = cli().run(
                        "--api",
                        "openai",
                        "--host",
                        engine.url(),
                        "run",
                        "phi3:mini",
                        "a b c d e",
                        "-o",
                        "num_predict=3");

        assertThat(r.out()).startsWith("echo: a ");
        assertThat(r.err()).contains("length");
    }

    @Test
    void anUnknownModelExitsThree() {
        Result r = cli().run("--api", "openai", "--host", engine.url(), "run", "nosuch", "hi");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err())
                .contains("model 'nosuch' not found at " + engine.url())
                .doesNotContain("\tat ");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void listShowsTheEnginesModels() {
        Result r = cli().run("--api", "openai", "--host", engine.url(), "list");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("llama3.2:latest").contains("phi3:mini");
    }

    @Test
    void commandsOnlyOllamaHasSaySoAndExitTwo() {
        for (String[] command :
                new String[][] {{"pull", "phi3:mini"}, {"ps"}, {"show", "phi3:mini"}, {"rm", "phi3:mini"}}) {
            String[] args = new String[command.length + 4];
            args[0] = "--api";
            args[1] = "openai";
            args[2] = "--host";
            args[3] = engine.url();
            System.arraycopy(command, 0, args, 4, command.length);
            Result r = cli().run(args);
            assertThat(r.exitCode()).as(String.join(" ", command)).isEqualTo(2);
            assertThat(r.err())
                    .as(String.join(" ", command))
                    .contains("is an Ollama command")
                    .contains(engine.url());
        }
    }

    @Test
    void anEngineUnreachableExitsSixtyNine() {
        Result r = cli().run("--api", "openai", "--host", "http://127.0.0.1:9/v1", "run", "phi3:mini", "hi");

        assertThat(r.exitCode()).isEqualTo(69);
        assertThat(r.err())
                .contains("the OpenAI-compatible server at http://127.0.0.1:9/v1 is not reachable")
                .doesNotContain("ollama serve");
    }

    @Test
    void aHostInTheConfigSpeaksOpenAiWithItsKeyFromTheEnvironment() throws Exception {
        engine.requireKey("k-123");
        cli().writeConfig("{\"hosts\": [{\"url\": \"" + engine.url()
                + "\", \"api\": \"openai\", \"name\": \"vllm\", \"apiKeyEnv\": \"VLLM_KEY\"}]}");

        Result r = cli().env("VLLM_KEY", "k-123").run("run", "phi3:mini", "hi");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("echo: hi\n");
        Result refused = cli().run("run", "phi3:mini", "hi");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("VLLM_KEY, which is not set").contains("Invalid API key");
    }

    @Test
    void embedPrintsAVectorPerLineInInputOrder() {
        Result r = cli().stdin("a\nbbbb\n").run("--api", "openai", "--host", engine.url(), "embed", "phi3:mini");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).hasSize(2);
        assertThat(r.out().lines().toList().get(0)).startsWith("[0.01,");
        assertThat(r.out().lines().toList().get(1)).startsWith("[0.04,");
    }

    @Test
    void batchWorksAgainstTheEngine() throws Exception {
        Result r = cli().stdin("one\ntwo\n")
                .run("--api", "openai", "--host", engine.url(), "batch", "phi3:mini", "--ordered");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).hasSize(2);
        assertThat(new ObjectMapper()
                        .readTree(r.out().lines().findFirst().orElseThrow())
                        .path("response")
                        .asText())
                .isEqualTo("echo: one");
    }

    @Test
    void aThinkingLevelIsReasoningEffortAndNoThinkIsTheTemplatesSwitch() {
        Result low = cli().run("--api", "openai", "--host", engine.url(), "run", "--think=low", "phi3:mini", "hi");
        assertThat(low.exitCode()).as(low.err()).isZero();
        var sent = engine.requests("/v1/chat/completions");
        assertThat(sent.get(sent.size() - 1).json().path("reasoning_effort").asText())
                .isEqualTo("low");

        Result off = cli().run("--api", "openai", "--host", engine.url(), "run", "--no-think", "phi3:mini", "hi");
        assertThat(off.exitCode()).as(off.err()).isZero();
        sent = engine.requests("/v1/chat/completions");
        assertThat(sent.get(sent.size() - 1)
                        .json()
                        .path("chat_template_kwargs")
                        .path("enable_thinking")
                        .asBoolean(true))
                .isFalse();

        Result max = cli().run("--api", "openai", "--host", engine.url(), "run", "--think=max", "phi3:mini", "hi");
        sent = engine.requests("/v1/chat/completions");
        assertThat(sent.get(sent.size() - 1).json().path("reasoning_effort").asText())
                .isEqualTo("high");
        assertThat(max.err()).contains("reasoning_effort \"high\"");
    }

    @Test
    void aTimeoutNamesTheEngineNotOllama() throws Exception {
        engine.answer(FakeOpenAi.Answer.STALL);
        cli().writeConfig("{\"timeouts\": {\"idle\": \"300ms\"}}");
        Result r = cli().run("--api", "openai", "--host", engine.url(), "run", "phi3:mini", "hi");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .contains("jollama: the OpenAI-compatible server at " + engine.url() + " sent nothing for 300ms")
                .doesNotContain("Ollama");
    }

    @Test
    void itsChatPrintsNoLoadingLineThatWouldNeverEnd() throws Exception {
        java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
        var services = new dev.jollama.cli.Services(
                cli().environment(),
                new dev.jollama.cli.GlobalOptions(engine.url(), null, true, false, false, "openai", false),
                l -> {});
        try (var terminal = new org.jline.terminal.impl.DumbTerminal(
                "test",
                "dumb",
                new java.io.ByteArrayInputStream("hi\n/bye\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                screen,
                java.nio.charset.StandardCharsets.UTF_8)) {
            dev.jollama.cli.repl.ChatLauncher.start(services, terminal, "phi3:mini", null, null, false);
        }
        String shown = screen.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(shown).contains("echo: hi").doesNotContain("loading");
    }
}
