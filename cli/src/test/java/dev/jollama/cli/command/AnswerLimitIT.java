package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Answer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is kept of an answer longer than JOLLAMA_MAX_ANSWER, command by command: `run` prints it whole,
 * `--json` and each batch line hold its start marked "truncated", and stderr says so once. A small
 * limit stands for the default's 4 MiB; {@code HugeAnswerIT} streams answers larger than the heap, to
 * `run` and to the chat, in a real process.
 */
class AnswerLimitIT {

    @TempDir
    Path home;

    private final FakeOllama fake = FakeOllama.start().answer(Answer.HUGE).huge(64 * 1024);

    @AfterEach
    void stop() {
        fake.close();
    }

    private CliRunner cli() {
        return new CliRunner(home).host(fake.url()).env("JOLLAMA_MAX_ANSWER", "4KiB");
    }

    @Test
    void runPrintsTheWholeAnswerAndHasNothingToSay() {
        Result r = cli().run("run", "llama3.2", "go on");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(FakeOllama.HUGE_CHUNK.repeat(64));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonHoldsTheAnswersStartMarkedTruncatedAndStderrSaysSoOnce() throws Exception {
        Result r = cli().run("run", "llama3.2", "--json", "go on");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("truncated").asBoolean()).isTrue();
        assertThat(json.path("response").asText()).isEqualTo(FakeOllama.HUGE_CHUNK.repeat(4));
        assertThat(r.err())
                .isEqualTo("jollama: warning: the answer is longer than 4 KiB: --json holds its first 4 KiB, marked"
                        + " \"truncated\": true (JOLLAMA_MAX_ANSWER raises the limit)\n");
        // Streamed from the daemon, so that an endless answer is never held whole.
        assertThat(fake.requests("/api/chat").get(0).json().path("stream").asBoolean())
                .isTrue();
    }

    @Test
    void anAnswerWithinTheLimitHasNoTruncatedField() throws Exception {
        fake.huge(4 * 1024);
        Result r = cli().run("run", "llama3.2", "--json", "go on");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).has("truncated")).isFalse();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void eachBatchLineHoldsItsAnswersStartMarkedTruncatedAndStderrCountsThem() throws Exception {
        Result r = cli().stdin("one\ntwo\n").run("batch", "llama3.2", "--ordered");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            JsonNode item = new ObjectMapper().readTree(line);
            assertThat(item.path("truncated").asBoolean()).isTrue();
            assertThat(item.path("response").asText()).isEqualTo(FakeOllama.HUGE_CHUNK.repeat(4));
        }
        assertThat(r.err())
                .isEqualTo("jollama: warning: 2 answers are longer than 4 KiB: their lines hold the first 4 KiB,"
                        + " marked \"truncated\": true (JOLLAMA_MAX_ANSWER raises the limit)\n");
    }

    @Test
    void aLimitThatIsNotASizeIsRefusedNamingTheVariable() {
        Result r = new CliRunner(home)
                .host(fake.url())
                .env("JOLLAMA_MAX_ANSWER", "lots")
                .run("run", "llama3.2", "go on");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("JOLLAMA_MAX_ANSWER");
    }
}
