package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Answer;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `jollama run` end to end through the command line against the fake daemon. */
class RunCommandIT {

    @TempDir
    Path home;

    private final FakeOllama fake = FakeOllama.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    private CliRunner cli() {
        return new CliRunner(home).host(fake.url());
    }

    private JsonNode lastChat() {
        var calls = fake.requests("/api/chat");
        return calls.get(calls.size() - 1).json();
    }

    @Test
    void printsTheStreamedAnswerAndNothingElse() {
        Result r = cli().run("run", "llama3.2", "why", "is", "the", "sky", "blue?");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("The sky is blue because of Rayleigh scattering.\n");
        assertThat(r.err()).isEmpty();
        JsonNode request = lastChat();
        assertThat(request.path("model").asText()).isEqualTo("llama3.2");
        assertThat(request.path("stream").asBoolean()).isTrue();
        assertThat(request.path("messages")).hasSize(1);
        assertThat(request.path("messages").get(0).path("content").asText()).isEqualTo("why is the sky blue?");
    }

    @Test
    void stdinComesFirstThenABlankLineThenTheArguments() {
        fake.answer("llama3.2", Answer.ECHO);
        Result r = cli().stdin("diff --git a/x b/x\n+hello\n").run("run", "llama3.2", "write a commit message");
        assertThat(r.exitCode()).isZero();
        assertThat(lastChat().path("messages").get(0).path("content").asText())
                .isEqualTo("diff --git a/x b/x\n+hello\n\nwrite a commit message");
        assertThat(r.out()).isEqualTo("echo: diff --git a/x b/x\n+hello\n\nwrite a commit message\n");
    }

    @Test
    void stdinAloneIsThePrompt() {
        fake.answer("llama3.2", Answer.ECHO);
        Result r = cli().stdin("summarise this").run("run", "llama3.2");
        assertThat(r.out()).isEqualTo("echo: summarise this\n");
    }

    @Test
    void invalidUtf8OnStdinIsAUsageErrorNotMangled() {
        Result r = cli().stdin(new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28}).run("run", "llama3.2", "hi");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("jollama: stdin is not valid UTF-8 (bad byte at offset 2)");
        assertThat(fake.requests("/api/chat")).isEmpty();
    }

    @Test
    void noPromptAtAllIsAUsageError() {
        Result r = cli().stdinTerminal().run("run", "llama3.2");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no prompt");
    }

    @Test
    void answerEndsWithExactlyOneNewlineEvenIfTheModelAddsMore() {
        fake.answer("llama3.2", Answer.ECHO);
        Result r = cli().run("run", "llama3.2", "two lines\n\n\n");
        assertThat(r.out()).isEqualTo("echo: two lines\n");
    }

    @Test
    void systemAndTypedOptionsAreSent() {
        Result r = cli().run(
                        "run",
                        "llama3.2",
                        "-s",
                        "You are terse.",
                        "-o",
                        "temperature=0.2",
                        "-o",
                        "num_ctx=8192",
                        "-o",
                        "stop=END",
                        "-o",
                        "stop=###",
                        "-o",
                        "seed=42",
                        "hi");
        assertThat(r.exitCode()).isZero();
        JsonNode request = lastChat();
        assertThat(request.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(request.path("messages").get(0).path("content").asText()).isEqualTo("You are terse.");
        JsonNode options = request.path("options");
        assertThat(options.path("temperature").isDouble()).isTrue();
        assertThat(options.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(options.path("num_ctx").isInt()).isTrue();
        assertThat(options.path("seed").asInt()).isEqualTo(42);
        assertThat(options.path("stop")).hasSize(2);
        assertThat(options.path("stop").get(1).asText()).isEqualTo("###");
    }

    @Test
    void mistypedOptionIsAUsageError() {
        Result r = cli().run("run", "llama3.2", "-o", "temperature=hot", "hi");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("jollama: option temperature wants a number, not 'hot'\n");
        assertThat(fake.requests("/api/chat")).isEmpty();
    }

    @Test
    void unknownOptionIsPassedOnWithAWarningAndASuggestion() {
        Result r = cli().run("run", "llama3.2", "-o", "temprature=0.1", "hi");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("unknown option 'temprature'").contains("did you mean 'temperature'?");
    }

    @Test
    void formatJsonAndSchemaFileAreSent() throws IOException {
        cli().run("run", "llama3.2", "--format", "json", "hi");
        assertThat(lastChat().path("format").asText()).isEqualTo("json");

        Path schema = Files.writeString(home.resolve("schema.json"), "{\"type\":\"object\",\"required\":[\"a\"]}");
        cli().run("run", "llama3.2", "--format", "@" + schema, "hi");
        assertThat(lastChat().path("format").path("required").get(0).asText()).isEqualTo("a");

        Path broken = Files.writeString(home.resolve("broken.json"), "{\"type\":");
        Result r = cli().run("run", "llama3.2", "--format", "@" + broken, "hi");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("broken.json:1:").contains("not valid JSON");
    }

    @Test
    void jsonPrintsOneObjectWithTheCounters() throws IOException {
        Result r = cli().run("run", "llama3.2", "--json", "hi");
        assertThat(r.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("model").asText()).isEqualTo("llama3.2");
        assertThat(json.path("response").asText()).isEqualTo("The sky is blue because of Rayleigh scattering.");
        assertThat(json.path("done_reason").asText()).isEqualTo("stop");
        assertThat(json.path("eval_count").asInt()).isEqualTo(282);
        assertThat(json.path("prompt_eval_count").asInt()).isEqualTo(26);
        assertThat(json.path("eval_duration").asLong()).isEqualTo(4535599000L);
    }

    @Test
    void noStreamAsksForOneObject() {
        Result r = cli().run("run", "llama3.2", "--no-stream", "hi");
        assertThat(r.out()).isEqualTo("The sky is blue because of Rayleigh scattering.\n");
        assertThat(lastChat().path("stream").asBoolean()).isFalse();
    }

    @Test
    void statsGoToStderr() {
        Result r = cli().run("run", "llama3.2", "--stats", "hi");
        assertThat(r.out()).isEqualTo("The sky is blue because of Rayleigh scattering.\n");
        assertThat(r.err())
                .isEqualTo("prompt 26 tokens · answer 282 tokens · 62.2 tokens/s · load 0.00s · total 4.88s\n");
    }

    @Test
    void thinkingGoesToStderrNeverStdoutAndCanBeHidden() {
        fake.answer("qwen3", Answer.THINKING);
        Result shown = cli().run("run", "qwen3", "--think", "sky?");
        assertThat(shown.out()).isEqualTo("Rayleigh scattering.\n");
        assertThat(shown.err()).isEqualTo("The user asks about the sky.\n");
        assertThat(lastChat().path("think").asBoolean()).isTrue();

        Result hidden = cli().run("run", "qwen3", "--hide-thinking", "sky?");
        assertThat(hidden.out()).isEqualTo("Rayleigh scattering.\n");
        assertThat(hidden.err()).isEmpty();

        cli().run("run", "qwen3", "--no-think", "sky?");
        assertThat(lastChat().path("think").asBoolean()).isFalse();
    }

    @Test
    void keepAliveIsSentAndChecked() {
        cli().run("run", "llama3.2", "--keep-alive", "1h", "hi");
        assertThat(lastChat().path("keep_alive").asText()).isEqualTo("1h");
        Result r = cli().run("run", "llama3.2", "--keep-alive", "forever", "hi");
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void imagesAreSentAsBase64() throws IOException {
        Path image = Files.write(home.resolve("cat.png"), new byte[] {1, 2, 3});
        cli().run("run", "llama3.2", "--image", image.toString(), "what is this?");
        assertThat(lastChat().path("messages").get(0).path("images").get(0).asText())
                .isEqualTo("AQID");
        Result r = cli().run("run", "llama3.2", "--image", "nope.png", "what is this?");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("jollama: cannot read image nope.png: no such file\n");
    }

    @Test
    void missingModelExits3WithHowToPullIt() {
        Result r = cli().run("run", "nope", "hi");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("jollama: model 'nope' not found: run `jollama pull nope`\n");
    }

    @Test
    void pullFlagPullsAMissingModelFirst() {
        Result r = cli().run("run", "tinyllama", "--pull", "hi");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("The sky is blue because of Rayleigh scattering.\n");
        assertThat(r.err()).contains("pulling manifest").contains("success");
        assertThat(fake.requests("/api/pull")).hasSize(1);
    }

    @Test
    void errorMidStreamKeepsWhatArrivedAndExits1() {
        fake.answer("gemma4", Answer.ERROR_MIDSTREAM);
        Result r = cli().run("run", "gemma4", "ok?");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo(" Yes.\n");
        assertThat(r.err()).isEqualTo("jollama: Ollama: an error was encountered while running the model\n");
    }

    @Test
    void cutConnectionSaysTheAnswerIsIncompleteAndIsNotRetried() {
        fake.answer("llama3.2", Answer.CUT);
        Result r = cli().run("run", "llama3.2", "hi");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("The sky\n");
        assertThat(r.err()).contains("the answer is incomplete");
        assertThat(fake.requests("/api/chat")).hasSize(1);
    }

    @Test
    void lengthLimitIsReported() {
        fake.answer("llama3.2", Answer.LENGTH);
        Result r = cli().run("run", "llama3.2", "hi");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("warning: the answer was cut at the length limit");
    }

    @Test
    void aSlowFirstByteIsWaitedFor() {
        fake.answer("llama3.2", Answer.SLOW_FIRST_BYTE).firstByteDelay(1500);
        Result r = cli().run("run", "llama3.2", "hi");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("The sky is blue because of Rayleigh scattering.\n");
    }

    @Test
    void closedStdoutStopsTheRequestAndExitsQuietly() throws Exception {
        fake.answer("llama3.2", Answer.SLOW_STREAM);
        Writer closesAfterFirstChunk = new Writer() {
            private int writes;

            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                if (++writes > 1) {
                    throw new IOException("Broken pipe");
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Result r = cli().run(closesAfterFirstChunk, "run", "llama3.2", "hi");
        assertThat(r.exitCode()).isEqualTo(141);
        assertThat(r.err()).isEmpty();
        assertThat(fake.awaitDisconnect(3000))
                .as("the daemon saw the connection closed")
                .isTrue();
    }

    @Test
    void longInputWarnsWithTheNumCtxToUse() {
        String big = "word ".repeat(6000); // ~7500 tokens against the modelfile's num_ctx 4096
        Result r = cli().run("run", "llama3.2", big);
        assertThat(r.exitCode()).isZero();
        assertThat(r.err())
                .contains("the input is about 7500 tokens but the context holds 4096")
                .contains("use -o num_ctx=8192");
    }

    @Test
    void shortInputSpendsNoExtraRequestOnTheContextCheck() {
        cli().run("run", "llama3.2", "hi");
        assertThat(fake.requests("/api/show")).isEmpty();
    }

    @Test
    void aBuiltInProfileSendsItsTagAndOptions() {
        Result r = cli().run("run", "phi3-mini", "-o", "temperature=0.1", "hi");
        assertThat(r.exitCode()).isEqualTo(3); // not installed in the fake
        assertThat(r.err()).contains("model 'phi3:3.8b-mini-4k-instruct-q4_K_M' not found");
        fake.install("phi3:3.8b-mini-4k-instruct-q4_K_M");
        cli().run("run", "phi3-mini", "-o", "temperature=0.1", "hi");
        JsonNode request = lastChat();
        assertThat(request.path("model").asText()).isEqualTo("phi3:3.8b-mini-4k-instruct-q4_K_M");
        assertThat(request.path("options").path("num_ctx").asInt()).isEqualTo(4096);
        assertThat(request.path("options").path("temperature").asDouble()).isEqualTo(0.1);
        assertThat(request.path("keep_alive").asText()).isEqualTo("10m");
    }

    @Test
    void aUserProfileOverridesABuiltInAndAddsNewOnes() throws IOException {
        new CliRunner(home)
                .writeConfig(
                        """
                {
                  // comments are allowed
                  "profiles": {
                    "phi3-mini": { "system": "Be brief." },
                    "coder": { "model": "llama3.2", "options": { "temperature": 0.1 } }
                  }
                }
                """);
        fake.install("phi3:3.8b-mini-4k-instruct-q4_K_M");
        cli().run("run", "phi3-mini", "hi");
        JsonNode request = lastChat();
        assertThat(request.path("messages").get(0).path("content").asText()).isEqualTo("Be brief.");
        assertThat(request.path("options").path("num_ctx").asInt()).isEqualTo(4096);

        cli().run("run", "coder", "hi");
        assertThat(lastChat().path("model").asText()).isEqualTo("llama3.2");
        assertThat(lastChat().path("options").path("temperature").asDouble()).isEqualTo(0.1);
    }

    @Test
    void aBrokenConfigStopsWithExit4NamingFileLineAndField() throws IOException {
        Path file = new CliRunner(home)
                .writeConfig("{\n  \"profiles\": {\n    \"x\": { \"modle\": \"llama3.2\" }\n  }\n}\n");
        Result r = cli().run("run", "x", "hi");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err())
                .isEqualTo("jollama: config " + file + ":3:12: unknown field 'modle' in 'profiles.x' (did you mean"
                        + " 'model'?)\n");
        assertThat(Files.readString(file)).contains("modle"); // never rewritten
    }
}
