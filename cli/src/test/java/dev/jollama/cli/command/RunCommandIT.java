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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void aPromptWhereTheModelGoesIsSaidToBeNoModelName() {
        String said = "jollama: 'why is the sky blue' is not a model name: the first argument of run is the model"
                + " or profile, then the prompt: jollama run phi3-mini \"why is the sky blue\"\n";
        Result piped = cli().run("run", "why is the sky blue");
        assertThat(piped.exitCode()).isEqualTo(2);
        assertThat(piped.out()).isEmpty();
        assertThat(piped.err()).isEqualTo(said);
        // On a terminal too: no chat opens, no pull of a model called "why is the sky blue" is offered.
        Result terminal = cli().stdinTerminal().terminal().stdin("y\n").run("run", "why is the sky blue");
        assertThat(terminal.exitCode()).isEqualTo(2);
        assertThat(terminal.err()).isEqualTo(said);
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void theExampleUsesTheConfiguredDefaultProfileAndTheWholeLine() throws IOException {
        new CliRunner(home)
                .writeConfig("{\"defaultProfile\": \"coder\", \"profiles\": {\"coder\": {\"model\": \"qwen\"}}}");
        Result r = cli().run("run", "what's", "up?");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("jollama: 'what's' is not a model name: the first argument of run is the model or profile,"
                        + " then the prompt: jollama run coder \"what's up?\"\n");
        Result chat = cli().run("chat", "why is the sky blue");
        assertThat(chat.exitCode()).isEqualTo(2);
        assertThat(chat.err())
                .isEqualTo("jollama: 'why is the sky blue' is not a model name: the first argument of chat is the"
                        + " model or profile; the prompt is typed in the chat: jollama chat coder\n");
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
        assertThat(r.err())
                .isEqualTo("jollama: schema file " + broken + ":1:9: the text ends before a } closes the object\n");

        Path words = Files.writeString(home.resolve("words.json"), "this is not json");
        Result notJson = cli().run("run", "llama3.2", "--format", "@" + words, "hi");
        assertThat(notJson.err())
                .isEqualTo("jollama: schema file " + words + ":1:5: 'this' is not a JSON value (text goes in double"
                        + " quotes; true, false and null are lower case)\n");

        Result missing = cli().run("run", "llama3.2", "--format", "@" + home.resolve("nosuch.json"), "hi");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err())
                .isEqualTo(
                        "jollama: schema file " + home.resolve("nosuch.json") + " does not exist (--format @FILE)\n");
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
        fake.capabilities("qwen3", "completion", "thinking").answer("qwen3", Answer.THINKING);
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
    void aThinkingLevelIsSentAsOllamaTakesIt() {
        fake.capabilities("qwen3", "completion", "thinking").answer("qwen3", Answer.THINKING);

        Result r = cli().run("run", "--think=high", "qwen3", "sky?");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(lastChat().path("think").asText()).isEqualTo("high");
        Result bad = cli().run("run", "--think=hot", "qwen3", "sky?");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("jollama: --think takes true, false, low, medium, high or max, not 'hot'\n");
    }

    @Test
    void gptOssGetsALevelNeverABooleanAndIsToldSo() {
        fake.capabilities("gpt-oss:20b", "completion", "thinking", "tools");

        Result r = cli().run("run", "gpt-oss:20b", "--think", "sky?");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(lastChat().path("think").asText()).isEqualTo("medium");
        assertThat(r.err()).contains("gpt-oss ignores a true/false think");
    }

    @Test
    void thinkingOnAModelThatCannotThinkIsRefusedBeforeAnythingIsSent() {
        fake.capabilities("gemma3", "completion", "vision");

        Result r = cli().run("run", "--think", "gemma3", "hi");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("jollama: model gemma3 cannot think (its capabilities: completion, vision)");
        assertThat(fake.requests("/api/chat")).isEmpty();
    }

    @Test
    void keepAliveIsSentAndChecked() {
        cli().run("run", "llama3.2", "--keep-alive", "1h", "hi");
        assertThat(lastChat().path("keep_alive").asText()).isEqualTo("1h");
        Result r = cli().run("run", "llama3.2", "--keep-alive", "forever", "hi");
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void aBareKeepAliveIsSecondsAndGoesAsANumberWhichOllamaAccepts() {
        // As a string, "-1" is a 400 from Ollama: time.ParseDuration wants a unit.
        for (String value : List.of("-1", "30", "0")) {
            Result r = cli().run("run", "llama3.2", "--keep-alive", value, "hi");
            assertThat(r.exitCode()).as(value).isZero();
            assertThat(lastChat().path("keep_alive").isNumber()).as(value).isTrue();
            assertThat(lastChat().path("keep_alive").asLong()).isEqualTo(Long.parseLong(value));
        }
        Result r = cli().run("run", "llama3.2", "--keep-alive", "-1m", "hi");
        assertThat(r.exitCode()).isZero();
        assertThat(lastChat().path("keep_alive").asText()).isEqualTo("-1m");
        // Go's ParseDuration takes decimals, and so does Ollama.
        Result decimal = cli().run("run", "llama3.2", "--keep-alive", "1.5h", "hi");
        assertThat(decimal.exitCode()).isZero();
        assertThat(lastChat().path("keep_alive").asText()).isEqualTo("1.5h");
    }

    private static final byte[] PNG_HEAD = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void imagesAreSentAsBase64() throws IOException {
        Path png = Files.write(home.resolve("cat.png"), PNG_HEAD);
        Path jpeg = Files.write(home.resolve("dog.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0});
        Path webp = Files.write(home.resolve("owl.webp"), "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII));
        Result r = cli().run(
                        "run",
                        "llama3.2",
                        "--image",
                        png.toString(),
                        "--image",
                        jpeg.toString(),
                        "--image",
                        webp.toString(),
                        "what is this?");
        assertThat(r.exitCode()).isZero();
        JsonNode sent = lastChat().path("messages").get(0).path("images");
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0).asText()).isEqualTo("iVBORw0KGgo=");
    }

    @Test
    void anImageIsCheckedBeforeAnyRequest() throws IOException {
        Result missing = cli().run("run", "llama3.2", "--image", "nope.png", "what is this?");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("jollama: image nope.png: no such file\n");

        Result folder = cli().run("run", "llama3.2", "--image", home.toString(), "what is this?");
        assertThat(folder.err()).isEqualTo("jollama: image " + home + " is not a file\n");

        Path text = Files.writeString(home.resolve("notes.png"), "just text");
        Result notImage = cli().run("run", "llama3.2", "--image", text.toString(), "what is this?");
        assertThat(notImage.exitCode()).isEqualTo(2);
        assertThat(notImage.err())
                .isEqualTo("jollama: image " + text + " is not a PNG, JPEG or WebP file (by its first bytes):"
                        + " Ollama's vision models read those\n");

        byte[] big = java.util.Arrays.copyOf(PNG_HEAD, 3000);
        Path large = Files.write(home.resolve("large.png"), big);
        Result tooLarge = cli().run("run", "llama3.2", "--max-input", "2KiB", "--image", large.toString(), "hi");
        assertThat(tooLarge.exitCode()).isEqualTo(2);
        assertThat(tooLarge.err())
                .isEqualTo("jollama: image " + large + " is 2.9 KiB, more than the 2 KiB input limit: scale it"
                        + " down or raise --max-input\n");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void stdinBeyondTheInputLimitStopsBeforeAnythingIsSent() {
        String tooMuch = "x".repeat(1025);
        Result r = cli().stdin(tooMuch).run("run", "--max-input", "1KiB", "llama3.2", "summarise");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("jollama: stdin holds more than the 1 KiB input limit: nothing was sent; send less, or"
                        + " raise the limit with --max-input, JOLLAMA_MAX_INPUT or \"maxInput\" in the config\n");
        assertThat(fake.requests()).isEmpty();

        assertThat(cli().stdin("x".repeat(1024))
                        .run("run", "--max-input", "1KiB", "llama3.2")
                        .exitCode())
                .as("exactly at the limit")
                .isZero();
    }

    @Test
    void theLimitComesFromTheEnvironmentOrTheConfigFileToo() throws IOException {
        Result fromEnv =
                cli().env("JOLLAMA_MAX_INPUT", "10").stdin("eleven byte").run("run", "llama3.2");
        assertThat(fromEnv.err()).startsWith("jollama: stdin holds more than the 10 bytes input limit");
        cli().writeConfig("{\"maxInput\": \"1kB\"}");
        Result fromConfig = cli().stdin("y".repeat(1001)).run("run", "llama3.2");
        assertThat(fromConfig.err()).startsWith("jollama: stdin holds more than the 1000 bytes input limit");
        Result flagWins = cli().env("JOLLAMA_MAX_INPUT", "10")
                .stdin("y".repeat(1001))
                .run("run", "--max-input", "2kB", "llama3.2");
        assertThat(flagWins.exitCode()).isZero();
        Result bad = cli().run("run", "--max-input", "lots", "llama3.2", "hi");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("jollama: --max-input wants a size like 64MiB, not 'lots'\n");
    }

    @Test
    void theDefaultLimitOf32MiBHoldsAgainstAnEndlessPipe() {
        java.io.InputStream endless = new java.io.InputStream() {
            @Override
            public int read() {
                return 'z';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'z');
                return len;
            }
        };
        Result r = cli().stdin(endless).run("run", "llama3.2", "summarise");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("jollama: stdin holds more than the 32 MiB input limit: nothing was sent");
        assertThat(fake.requests()).isEmpty();
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
        assertThat(r.err())
                .isEqualTo(
                        "jollama: Ollama: an error was encountered while running the model (mid-answer: the answer is incomplete)\n");
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
    void runSaysTruncateFalseSoOllamaRefusesRatherThanCuts() {
        cli().run("run", "llama3.2", "hi");
        JsonNode request = lastChat();
        assertThat(request.path("truncate").isBoolean()).isTrue();
        assertThat(request.path("truncate").asBoolean()).isFalse();
        assertThat(request.has("shift"))
                .as("a run may shift: only the chat must not")
                .isFalse();
    }

    @Test
    void anInputLongerThanTheContextIsExplainedInOneLineAndAHintWithExitTwo() {
        String big = "word ".repeat(6000); // ~7500 tokens against Ollama's default of 4096
        Result r = cli().run("run", "llama3.2", big);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("jollama: the input is about 7504 tokens, more than the 4096-token context (Ollama's default"
                        + " below 23 GiB of VRAM, assumed until the model is loaded): Ollama refused it rather than cut"
                        + " its start\n"
                        + "  -o num_ctx=8192 makes room, or --truncate lets Ollama cut the start\n");
    }

    @Test
    void theContextNamedIsTheLoadedOneWhenTheDaemonListsIt() {
        fake.listsLoaded(true);
        Result r = cli().run("run", "llama3.2", "-o", "num_ctx=2048", "word ".repeat(3000));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .startsWith(
                        "jollama: the input is about 3754 tokens, more than the 2048-token context" + " (num_ctx): ");
        assertThat(r.err()).contains("-o num_ctx=8192 makes room");
    }

    @Test
    void truncateLetsOllamaCutAsBeforeAndSaysSoFirst() throws IOException {
        String big = "word ".repeat(6000);
        Result r = cli().run("run", "--truncate", "llama3.2", big);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("The sky is blue because of Rayleigh scattering.\n");
        assertThat(lastChat().has("truncate")).isFalse();
        assertThat(r.err())
                .contains("the input is about 7500 tokens but the context holds 4096")
                .contains("use -o num_ctx=8192");

        cli().writeConfig("{\"truncate\": true}");
        assertThat(cli().run("run", "llama3.2", big).exitCode()).isZero();
        assertThat(lastChat().has("truncate"))
                .as("the config's \"truncate\": true")
                .isFalse();
    }

    @Test
    void aDaemonOlderThanTruncateThatCutsAnywayIsCaughtByItsPromptEvalCount() {
        fake.ignoresTruncate(true);
        Result r = cli().run("run", "llama3.2", "word ".repeat(6000));
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("The sky is blue because of Rayleigh scattering.\n");
        assertThat(r.err())
                .isEqualTo("jollama: warning: the daemon probably cut the start of the input: it read 4096 tokens of"
                        + " about 7504 sent, and the context is 4096 tokens (Ollama's default below 23 GiB of VRAM,"
                        + " assumed until the model is loaded); it is older than Ollama's \"truncate\" field, which"
                        + " refuses instead: -o num_ctx=8192 makes room, or update Ollama\n");
        // A prompt that fits is read whole: nothing to say, nothing asked.
        Result small = cli().run("run", "llama3.2", "hi");
        assertThat(small.err()).isEmpty();
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

    @Test
    void aFileGoesIntoTheMessageFencedWithItsPath() throws IOException {
        Path notes = home.resolve("notes.txt");
        Files.writeString(notes, "buy milk\n");
        Result r = cli().run("run", "llama3.2", "-f", notes.toString(), "summarise");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        String sent = lastChat().path("messages").get(0).path("content").asText();
        assertThat(sent).isEqualTo("```" + notes.toAbsolutePath() + "\nbuy milk\n```\n\nsummarise");
    }

    @Test
    void aBinaryFileIsRefusedBeforeAnyRequest() throws IOException {
        Path blob = home.resolve("data.bin");
        Files.write(blob, new byte[] {1, 2, 0, 3, (byte) 0xff});
        Result r = cli().run("run", "llama3.2", "-f", blob.toString(), "what is this");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo(
                        "jollama: " + blob.toAbsolutePath()
                                + " is not a text file (binary, or not UTF-8) nor a PNG, JPEG or WebP image: nothing was sent\n");
        assertThat(fake.requests("/api/chat")).isEmpty();
    }

    @Test
    void aDirectoryBringsItsTextFilesButNotHiddenOrIgnoredOnesAndImagesGoToImages() throws IOException {
        Path dir = home.resolve("project");
        Files.createDirectories(dir.resolve("src"));
        Files.createDirectories(dir.resolve(".git"));
        Files.createDirectories(dir.resolve("build"));
        Files.writeString(dir.resolve("src/Main.java"), "class Main {}\n");
        Files.writeString(dir.resolve("README.md"), "# hi\n");
        Files.writeString(dir.resolve(".git/config"), "secret\n");
        Files.writeString(dir.resolve("build/out.txt"), "generated\n");
        Files.writeString(dir.resolve(".gitignore"), "build/\n");
        Files.write(dir.resolve("logo.png"), PNG_HEAD);
        Result r = cli().run("run", "llama3.2", "--file", dir.toString(), "review");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode message = lastChat().path("messages").get(0);
        String sent = message.path("content").asText();
        assertThat(sent).contains("class Main {}").contains("# hi").endsWith("review");
        assertThat(sent).doesNotContain("secret").doesNotContain("generated");
        assertThat(message.path("images")).hasSize(1);
    }

    @Test
    void aFolderLinkingToAKeyOutsideSendsNoKeyAndSaysWhatItLeftOut() throws IOException {
        Path key = home.resolve(".ssh/id_rsa");
        Files.createDirectories(key.getParent());
        Files.writeString(key, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbg==\n-----END OPENSSH PRIVATE KEY-----\n");
        Path repo = Files.createDirectories(home.resolve("repo"));
        Files.writeString(repo.resolve("main.py"), "print(1)\n");
        Files.createSymbolicLink(repo.resolve("notes.txt"), key);
        Files.write(repo.resolve("main.pyc"), new byte[] {0x42, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0});
        Files.writeString(repo.resolve("deploy_key.pem"), Files.readString(key));

        Result r = cli().run("run", "llama3.2", "-f", repo.toString(), "review");

        assertThat(r.exitCode()).as(r.err()).isZero();
        String sent = lastChat().path("messages").get(0).path("content").asText();
        assertThat(sent).contains("print(1)").doesNotContain("PRIVATE KEY").doesNotContain("b3Blbg");
        assertThat(r.err())
                .isEqualTo("jollama: left out 1 private key or credential file (private keys and credentials are never"
                        + " sent): " + repo.resolve("deploy_key.pem") + "\n"
                        + "jollama: left out 1 binary file (not text, nor a PNG, JPEG or WebP image): "
                        + repo.resolve("main.pyc") + "\n"
                        + "jollama: left out 1 link (it leads out of the folder): " + repo.resolve("notes.txt") + "\n");

        Result named = cli().run("run", "llama3.2", "-f", key.toString(), "is this fine?");
        assertThat(named.exitCode()).isEqualTo(2);
        assertThat(named.err()).startsWith("jollama: " + key + " looks like a private key");
        assertThat(fake.requests("/api/chat")).hasSize(1);
    }

    @Test
    void aGlobBringsItsMatchesAndTheInputLimitCountsThemAll() throws IOException {
        Path dir = home.resolve("logs");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("a.log"), "alpha\n");
        Files.writeString(dir.resolve("b.log"), "beta\n");
        Files.writeString(dir.resolve("c.txt"), "gamma\n");
        Result r = cli().run("run", "llama3.2", "-f", dir + "/*.log", "what happened");
        assertThat(r.exitCode()).isZero();
        String sent = lastChat().path("messages").get(0).path("content").asText();
        assertThat(sent).contains("alpha").contains("beta").doesNotContain("gamma");

        Result tooMuch = cli().run("run", "llama3.2", "--max-input", "8", "-f", dir + "/*.log", "x");
        assertThat(tooMuch.exitCode()).isEqualTo(2);
        assertThat(tooMuch.err()).contains("input limit");
    }

    /** An editor for tests: writes {@code text} into the file it is given, as a user saving would. */
    private Path editorWriting(String text) throws IOException {
        Path script = home.resolve("editor.sh");
        Files.writeString(script, "#!/bin/sh\nprintf '%s' '" + text + "' > \"$1\"\n");
        script.toFile().setExecutable(true);
        return script;
    }

    @Test
    void editorComposesThePromptAfterPipedStdin() throws IOException {
        Path editor = editorWriting("written in the editor");
        Result r = cli().terminal()
                .env("EDITOR", editor.toString())
                .stdin("piped first\n")
                .run("run", "-e", "llama3.2", "start");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(lastChat().path("messages").get(0).path("content").asText())
                .isEqualTo("piped first\n\nwritten in the editor");
    }

    @Test
    void anEmptyEditorSendsNothing() throws IOException {
        Path editor = editorWriting("");
        Result r = cli().terminal()
                .env("VISUAL", editor.toString())
                .env("EDITOR", "/nonexistent")
                .run("run", "-e", "llama3.2");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("jollama: the editor saved an empty prompt: nothing was sent\n");
        assertThat(fake.requests("/api/chat")).isEmpty();
    }

    @Test
    void onATerminalTheAnswerIsRenderedAsMarkdownAndThroughAPipeItIsAsWritten() {
        fake.answer("llama3.2", Answer.ECHO); // answers "echo: " and the prompt: a markdown document here
        String doc = "**bold** then\n```sh\nls -la\n```\nend";
        Result shown = cli().terminal().env("COLUMNS", "100").run("run", "llama3.2", doc);
        assertThat(shown.exitCode()).isZero();
        // What the screen shows once the redraws are done: rendered, no markers left.
        org.jline.builtins.ScreenTerminal screen = new org.jline.builtins.ScreenTerminal(100, 20);
        screen.write(shown.out().replace("\n", "\r\n"));
        String onScreen = screen.toString();
        assertThat(onScreen)
                .contains("┌─ sh")
                .contains("│ ls -la")
                .contains("echo: bold then")
                .contains("end");
        assertThat(onScreen).doesNotContain("```").doesNotContain("**");

        Result piped = cli().run("run", "llama3.2", doc);
        assertThat(piped.out()).isEqualTo("echo: " + doc + "\n");

        Result plain = cli().terminal().run("run", "--plain", "llama3.2", doc);
        assertThat(plain.out()).isEqualTo("echo: " + doc + "\n");
    }

    @Test
    void leavingTheEditorWithoutSavingSendsNothing() throws IOException {
        Path editor = home.resolve("quit.sh");
        Files.writeString(editor, "#!/bin/sh\nexit 0\n"); // :q! — the file is left as it was
        editor.toFile().setExecutable(true);
        Result r = cli().terminal().env("EDITOR", editor.toString()).run("run", "-e", "llama3.2", "typed before");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(fake.requests("/api/chat")).isEmpty();
    }

    @Test
    void withNoTerminalTheEditorIsRefusedBeforeAnythingIsReadOrStarted() throws IOException {
        Path started = home.resolve("started");
        Path editor = home.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\ntouch '" + started + "'\n");
        editor.toFile().setExecutable(true);
        Result r = cli().env("EDITOR", editor.toString()).stdin("piped\n").run("run", "-e", "llama3.2");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("jollama: -e opens an editor, and there is no terminal for it: give the prompt as arguments"
                        + " or on stdin\n");
        assertThat(started).doesNotExist();
        assertThat(fake.requests()).isEmpty();
    }
}
