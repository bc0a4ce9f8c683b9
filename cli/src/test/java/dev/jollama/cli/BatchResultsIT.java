package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.Awaits;
import dev.jollama.core.fake.FakeOllama;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `batch -o`: one batch per results file whatever name it is given by, its mode, ids given twice. */
class BatchResultsIT {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

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

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void aBatchHoldsItsResultsFileAgainstBatchesGivenASymlinkOrAHardLinkToIt() throws Exception {
        fake.answer(FakeOllama.Answer.STALL); // the first batch's item hangs: its lock stays held
        Path out = home.resolve("out.jsonl");
        Files.writeString(out, "");
        Path symlink = Files.createSymbolicLink(home.resolve("sym.jsonl"), out);
        Path hardLink = Files.createLink(home.resolve("hard.jsonl"), out);

        try (JollamaProcess first = JollamaProcess.start(
                home, JollamaProcess.host(fake.url()), true, "batch", "llama3.2", "-o", out.toString())) {
            first.type("first");
            first.closeStdin();
            Awaits.until("the first batch's item at the daemon", () -> !fake.requests("/api/generate")
                    .isEmpty());
            for (Path other : List.of(symlink, hardLink)) {
                try (JollamaProcess second = JollamaProcess.start(
                        home, JollamaProcess.host(fake.url()), true, "batch", "llama3.2", "-o", other.toString())) {
                    second.type("second");
                    second.closeStdin();

                    assertThat(second.awaitExit(BOUND)).as(second.err()).isEqualTo(2);
                    assertThat(second.err())
                            .startsWith("jollama: another jollama batch is writing " + other)
                            .endsWith(": wait for it, or choose another -o\n");
                }
            }
            assertThat(fake.requests("/api/generate"))
                    .as("only the first batch sent anything")
                    .hasSize(1);
        }
    }

    @Test
    void aNewResultsFileIsReadableByItsOwnerOnlyAndNoLockFileStaysBesideIt() throws Exception {
        Path out = home.resolve("results/out.jsonl");
        Files.createDirectories(out.getParent());

        Result r = cli().stdin("hi\n").run("batch", "llama3.2", "-o", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .isEqualTo("rw-------");
        try (var files = Files.list(out.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("out.jsonl");
        }
    }

    @Test
    void aResultsFileThatIsAFifoIsRefused() throws Exception {
        Path out = home.resolve("out.jsonl");
        assertThat(new ProcessBuilder("mkfifo", out.toString()).start().waitFor())
                .isZero();

        Result r = cli().stdin("hi\n").run("batch", "llama3.2", "-o", out.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("jollama: -o " + out + " is not a regular file: batch appends its results to a file and"
                        + " resumes from it (leave out -o for stdout)\n");
        assertThat(fake.requests("/api/generate")).isEmpty();
    }

    @Test
    void anIdGivenTwiceIsWarnedAboutOnceAndEachOfItsItemsIsAnsweredAlsoWhenResumed() throws Exception {
        Path in = home.resolve("in.jsonl");
        Files.writeString(
                in,
                "{\"id\": \"a\", \"prompt\": \"one\"}\n{\"id\": \"b\", \"prompt\": \"two\"}\n"
                        + "{\"id\": \"a\", \"prompt\": \"three\"}\n{\"id\": \"a\", \"prompt\": \"four\"}\n");
        Path out = home.resolve("out.jsonl");
        // An earlier run answered one of the "a" items (which one, the file cannot say), and "b".
        Files.writeString(
                out,
                "{\"id\":\"a\",\"response\":\"old\",\"model\":\"llama3.2\"}\n"
                        + "{\"id\":\"b\",\"response\":\"old\",\"model\":\"llama3.2\"}\n");

        Result r = cli().run("batch", "llama3.2", in.toString(), "-o", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err())
                .isEqualTo("jollama: warning: id \"a\" on line 3 was given already on line 1: both are answered, and a"
                        + " resumed run counts the answers of an id (give each item its own id)\n");
        assertThat(lines(out)).extracting(l -> l.path("id").asText()).containsExactlyInAnyOrder("a", "b", "a", "a");
        assertThat(fake.requests("/api/generate"))
                .as("the two \"a\" items not answered yet")
                .hasSize(2);

        Result again = cli().run("batch", "llama3.2", in.toString(), "-o", out.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(fake.requests("/api/generate")).as("nothing left to send").hasSize(2);
        assertThat(lines(out)).hasSize(4);
    }
}
