package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Answer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the daemon sends cannot drive the user's terminal; through a pipe it is data and passes as it is. */
class TerminalSafetyIT {

    /** HOSTILE_CHUNKS as a terminal must show them. */
    private static final String SHOWN =
            "Clear^[[2J screen, ^[]0;pwned^Gtitle, ^[]52;c;ZXZpbA==^Gclipboard," + " \\u202eevil.txt\n";

    private static final String SENT = String.join("", FakeOllama.HOSTILE_CHUNKS);

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

    @Test
    void aHostileAnswerIsNeutralisedOnATerminal() {
        fake.answer("llama3.2", Answer.HOSTILE);
        Result r = cli().terminal().run("run", "--plain", "llama3.2", "summarise the document");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(SHOWN);
        assertThat(r.out()).doesNotContain("\u001b", "\u0007", "\u202e");
    }

    @Test
    void aHostileAnswerRenderedAsMarkdownCarriesOnlyJollamasOwnSequences() {
        fake.answer("llama3.2", Answer.HOSTILE);
        Result r = cli().terminal().env("COLUMNS", "200").run("run", "llama3.2", "summarise the document");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Clear^[[2J screen, ^[]0;pwned^Gtitle");
        assertThat(r.out()).doesNotContain("\u001b]", "\u001b[2J", "\u0007", "\u202e");
        // Every escape left is a redraw or an attribute jollama wrote: CSI … A, J or m.
        assertThat(r.out().replaceAll("\u001b\\[[0-9;]*[AJm]", "")).doesNotContain("\u001b");
    }

    @Test
    void aHostileAnswerWaitedForWholeIsNeutralisedToo() {
        fake.answer("llama3.2", Answer.HOSTILE);
        Result r = cli().terminal().run("run", "--no-stream", "llama3.2", "summarise");
        assertThat(r.out()).isEqualTo(SHOWN);
    }

    @Test
    void throughAPipeTheAnswerPassesByteForByte() {
        fake.answer("llama3.2", Answer.HOSTILE);
        Result r = cli().run("run", "llama3.2", "summarise the document");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(SENT);
    }

    @Test
    void rawPassesItUnchangedEvenOnATerminal() {
        fake.answer("llama3.2", Answer.HOSTILE);
        Result r = cli().terminal().run("run", "--raw", "llama3.2", "summarise the document");
        assertThat(r.out()).isEqualTo(SENT);
        Result before = cli().terminal().run("--raw", "run", "llama3.2", "summarise the document");
        assertThat(before.out()).isEqualTo(SENT);
    }

    @Test
    void jsonOnATerminalStaysValidJsonWithTheSameMeaning() throws Exception {
        fake.answer("llama3.2", Answer.HOSTILE);
        Result r = cli().terminal().run("run", "--json", "llama3.2", "summarise");
        assertThat(r.out()).doesNotContain("\u001b", "\u0007", "\u202e");
        String response = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.out())
                .path("response")
                .asText();
        assertThat(response).isEqualTo(SENT);
    }

    @Test
    void jollamasOwnColoursAreKept() {
        fake.answer("llama3.2", Answer.THINKING);
        Result r = cli().terminal().run("run", "llama3.2", "think first");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).startsWith("\u001b[2m").contains("\u001b[0m");
        assertThat(r.err()).doesNotContain("^[");
    }

    @Test
    void theDaemonsErrorTextIsNeutralisedOnATerminalStderr() {
        fake.answer("llama3.2", Answer.HOSTILE_ERROR);
        Result r = cli().terminal().run("run", "llama3.2", "go");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("jollama: Ollama: model crashed^[]0;pwned^G (mid-answer: the answer is incomplete)\n");
    }

    @Test
    void theDaemonsErrorTextThroughAPipeIsAsSent() {
        fake.answer("llama3.2", Answer.HOSTILE_ERROR);
        Result r = cli().run("run", "llama3.2", "go");
        assertThat(r.err())
                .isEqualTo("jollama: Ollama: " + FakeOllama.HOSTILE_ERROR_TEXT
                        + " (mid-answer: the answer is incomplete)\n");
    }

    @Test
    void modelNamesInListingsAreNeutralisedOnATerminal() {
        fake.install("evil\u001b]0;pwned\u0007:latest");
        Result r = cli().terminal().run("list");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("evil^[]0;pwned^G:latest").doesNotContain("\u001b");
        Result piped = cli().run("list");
        assertThat(piped.out()).contains("evil\u001b]0;pwned\u0007:latest");
    }

    @Test
    void aLineEndingCarriageReturnIsNotShownButAStrayOneIs() {
        fake.answer("llama3.2", Answer.ECHO);
        Result r = cli().terminal().run("run", "llama3.2", "a\r\nb\rc");
        assertThat(r.out()).isEqualTo("echo: a\nb^Mc\n");
    }
}
