package dev.jollama.cli.command;

import static dev.jollama.cli.CommandResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `jollama embed` end to end through the command line against the fake daemon. */
class EmbedCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private final FakeOllama fake = FakeOllama.start().capabilities("all-minilm", "embedding");

    @AfterEach
    void stop() {
        fake.close();
    }

    private CliRunner cli() {
        return new CliRunner(home).host(fake.url());
    }

    /** A vector line of stdout as floats: the numbers must read back as the fake's exact values. */
    private static float[] vector(String line) throws IOException {
        JsonNode array = JSON.readTree(line);
        assertThat(array.isArray()).as(line).isTrue();
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            assertThat(array.get(i).isNumber()).isTrue();
            out[i] = array.get(i).floatValue();
        }
        return out;
    }

    @Test
    void oneTextPrintsOneVectorLineAndNothingElse() throws IOException {
        Result r = cli().run("embed", "all-minilm", "hello");
        assertThat(r).succeeded();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(r.out()).endsWith("]\n").doesNotContain(" ");
        assertThat(vector(lines.get(0))).containsExactly(FakeOllama.vectorOf("hello", 8));
        JsonNode sent = fake.requests("/api/embed").get(0).json();
        assertThat(sent.path("model").asText()).isEqualTo("all-minilm");
        assertThat(sent.path("input")).hasSize(1);
        assertThat(sent.has("truncate")).as("Ollama's default unless asked").isFalse();
    }

    @Test
    void eachArgumentIsItsOwnInput() throws IOException {
        Result r = cli().run("embed", "all-minilm", "one text", "another");
        assertThat(r).succeeded();
        List<String> lines = r.out().lines().toList();
        assertThat(vector(lines.get(0))).containsExactly(FakeOllama.vectorOf("one text", 8));
        assertThat(vector(lines.get(1))).containsExactly(FakeOllama.vectorOf("another", 8));
    }

    @Test
    void threeStdinLinesGiveThreeLinesInOrder() throws IOException {
        Result r = cli().stdin("alpha\nbeta\r\ngamma").run("embed", "all-minilm");
        assertThat(r).succeeded();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(vector(lines.get(0))).containsExactly(FakeOllama.vectorOf("alpha", 8));
        assertThat(vector(lines.get(1))).containsExactly(FakeOllama.vectorOf("beta", 8));
        assertThat(vector(lines.get(2))).containsExactly(FakeOllama.vectorOf("gamma", 8));
        assertThat(fake.requests("/api/embed")).as("one batch").hasSize(1);
    }

    @Test
    void anEmptyLineKeepsItsPlaceWithAnEmptyArrayAndIsNotSent() throws IOException {
        Result r = cli().stdin("alpha\n\ngamma\n").run("embed", "all-minilm");
        assertThat(r).succeeded();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).isEqualTo("[]");
        assertThat(vector(lines.get(2))).containsExactly(FakeOllama.vectorOf("gamma", 8));
        assertThat(fake.requests("/api/embed").get(0).json().path("input")).hasSize(2);
    }

    @Test
    void manyLinesGoInBatchesOf64AndComeOutInOrder() throws IOException {
        String stdin = IntStream.rangeClosed(1, 130).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        Result r = cli().stdin(stdin).run("embed", "all-minilm");
        assertThat(r).succeeded();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(130);
        assertThat(vector(lines.get(129))).containsExactly(FakeOllama.vectorOf("line 130", 8));
        assertThat(fake.requests("/api/embed"))
                .extracting(q -> q.json().path("input").size())
                .containsExactly(64, 64, 2);
    }

    @Test
    void jsonGivesTheModelEachInputWithItsVectorAndTheCounts() throws IOException {
        Result r = cli().run("embed", "all-minilm", "--json", "hello", "", "world");
        assertThat(r).succeeded();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.path("model").asText()).isEqualTo("all-minilm");
        JsonNode entries = out.path("embeddings");
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).path("input").asText()).isEqualTo("hello");
        assertThat(entries.get(0).path("embedding")).hasSize(8);
        assertThat(entries.get(0).path("embedding").get(0).floatValue()).isEqualTo(FakeOllama.vectorOf("hello", 8)[0]);
        assertThat(entries.get(1).path("embedding")).isEmpty();
        assertThat(entries.get(2).path("input").asText()).isEqualTo("world");
        assertThat(out.path("count").asInt()).isEqualTo(3);
        assertThat(out.path("dimensions").asInt()).isEqualTo(8);
        assertThat(out.path("prompt_eval_count").asInt()).isEqualTo(4);
        assertThat(out.path("total_duration").asLong()).isEqualTo(14143917L);
        assertThat(out.path("load_duration").asLong()).isEqualTo(1019500L);
    }

    @Test
    void jsonEscapesTheInputsAndStaysValidWithNoInputAtAll() throws IOException {
        Result r = cli().run("embed", "all-minilm", "--json", "a \"quoted\"\ttab \u001b[2J");
        assertThat(r).succeeded();
        assertThat(JSON.readTree(r.out())
                        .path("embeddings")
                        .get(0)
                        .path("input")
                        .asText())
                .isEqualTo("a \"quoted\"\ttab \u001b[2J");

        Result none = cli().stdin("").run("embed", "all-minilm", "--json");
        assertThat(none).succeeded();
        JsonNode empty = JSON.readTree(none.out());
        assertThat(empty.path("embeddings")).isEmpty();
        assertThat(empty.path("count").asInt()).isZero();
        assertThat(empty.has("dimensions")).as("left out, not null").isFalse();
    }

    @Test
    void dimensionsShortensTheVectorsAndIsSent() throws IOException {
        Result r = cli().run("embed", "all-minilm", "--dimensions", "4", "hello");
        assertThat(r).succeeded();
        float[] cut = vector(r.out().strip());
        assertThat(cut).hasSize(4);
        double norm = 0;
        for (float v : cut) {
            norm += v * v;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(fake.requests("/api/embed").get(0).json().path("dimensions").asInt())
                .isEqualTo(4);

        Result zero = cli().run("embed", "all-minilm", "--dimensions", "0", "hello");
        assertThat(zero).exitedWith(2).errEquals("jollama: --dimensions wants a whole number of 1 or more, not 0\n");
    }

    @Test
    void unknownModelExits3WithOneLineSayingHowToPullIt() {
        Result r = cli().run("embed", "nomic-embed-text", "hello");
        assertThat(r)
                .exitedWith(3)
                .outEquals("")
                .errEquals("jollama: model 'nomic-embed-text' not found: run `jollama pull nomic-embed-text`\n");
    }

    @Test
    void daemonDownExits69() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Result r = new CliRunner(home).host("127.0.0.1:" + port).run("embed", "all-minilm", "hello");
        assertThat(r)
                .exitedWith(69)
                .outEquals("")
                .errEquals("jollama: Ollama is not reachable at http://127.0.0.1:" + port
                        + ": start it with `ollama serve`\n");
    }

    @Test
    void noTruncateWithATooLongInputExits1NamingTheProblemAndTheInput() {
        String tooLong = "word ".repeat(5000); // 6250 tokens in the fake, the context holds 4096
        Result r = cli().stdin("short\n" + tooLong + "\n").run("embed", "all-minilm", "--no-truncate");
        assertThat(r)
                .exitedWith(1)
                .outEquals("")
                .errEquals("jollama: Ollama: the input length exceeds the context length (in inputs 1–2: shorten"
                        + " the long ones or raise num_ctx; with truncation on, Ollama cuts them to fit)\n");
        assertThat(fake.requests("/api/embed").get(0).json().path("truncate").asBoolean(true))
                .isFalse();

        Result cut = cli().run("embed", "all-minilm", "--truncate", tooLong);
        assertThat(cut).succeeded();
        assertThat(fake.requests("/api/embed").get(1).json().path("truncate").asBoolean())
                .isTrue();
    }

    @Test
    void aProfileSendsItsTagOptionsAndKeepAliveAndFlagsGoOverThem() {
        // The profile's tag, said by the fake to embed: what is checked here is what the profile brings.
        fake.capabilities("phi3:3.8b-mini-4k-instruct-q4_K_M", "embedding");
        Result r = cli().run("embed", "phi3-mini", "-o", "num_ctx=2048", "hello");
        assertThat(r).succeeded();
        JsonNode sent = fake.requests("/api/embed").get(0).json();
        assertThat(sent.path("model").asText()).isEqualTo("phi3:3.8b-mini-4k-instruct-q4_K_M");
        assertThat(sent.path("options").path("num_ctx").asInt()).isEqualTo(2048);
        assertThat(sent.path("keep_alive").asText()).isEqualTo("10m");

        cli().run("embed", "phi3-mini", "--keep-alive", "1h", "hello");
        assertThat(fake.requests("/api/embed").get(1).json().path("keep_alive").asText())
                .isEqualTo("1h");
        Result bad = cli().run("embed", "phi3-mini", "--keep-alive", "soon", "hello");
        assertThat(bad).exitedWith(2).errContains("--keep-alive wants a duration");
    }

    @Test
    void aLineBeyondTheInputLimitStopsWithExit2AfterTheLinesBeforeIt() throws IOException {
        Result r =
                cli().stdin("ok\n" + "x".repeat(2000) + "\nnever\n").run("embed", "--max-input", "1KiB", "all-minilm");
        assertThat(r).exitedWith(2);
        assertThat(r.out().lines().toList()).hasSize(1);
        assertThat(vector(r.out().strip())).containsExactly(FakeOllama.vectorOf("ok", 8));
        assertThat(r.err())
                .isEqualTo("jollama: line 2 of stdin holds more than the 1 KiB input limit: it was not sent; split it,"
                        + " or raise the limit with --max-input, JOLLAMA_MAX_INPUT or \"maxInput\" in the config\n");
    }

    @Test
    void noInputOnATerminalIsAUsageError() {
        Result r = cli().stdinTerminal().run("embed", "all-minilm");
        assertThat(r).exitedWith(2).outEquals("").errContains("no input");
        assertThat(fake.requests("/api/embed")).isEmpty();
    }

    @Test
    void aClosedStdoutEndsQuietlyWith141() {
        Writer closesAfterFirstLine = new Writer() {
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
        String stdin = IntStream.rangeClosed(1, 200).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        Result r = cli().stdin(stdin).run(closesAfterFirstLine, "embed", "all-minilm");
        assertThat(r).exitedWith(141).errEquals("");
        assertThat(fake.requests("/api/embed"))
                .as("no batch after the reader left")
                .hasSize(1);
    }

    @Test
    void helpListsEmbed() {
        Result r = cli().run("--help");
        assertThat(r).succeeded();
        assertThat(r.out()).contains("embed");
        assertThat(cli().run("embed", "--help").out())
                .contains("Usage: jollama embed")
                .contains("--no-truncate")
                .contains("--dimensions=N");
    }

    @Test
    void aModelThatIsNotForEmbeddingIsRefusedWithExit2BeforeAnyInputIsSent() {
        fake.capabilities("llama3.2", "completion", "tools");
        Result r = cli().run("embed", "llama3.2", "hello");
        assertThat(r)
                .exitedWith(2)
                .outEquals("")
                .errEquals("jollama: model llama3.2 is not an embedding model (its capabilities: completion, tools):"
                        + " choose one that lists embedding in `jollama show`, such as nomic-embed-text\n");
        assertThat(fake.requests("/api/embed")).isEmpty();
    }

    @Test
    void aDaemonThatDoesNotListCapabilitiesIsTrusted() {
        fake.capabilitiesListed(false).install("llama3.2");
        assertThat(cli().run("embed", "llama3.2", "hello")).succeeded();
        assertThat(fake.requests("/api/embed")).hasSize(1);
    }
}
