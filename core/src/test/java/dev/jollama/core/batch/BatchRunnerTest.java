package dev.jollama.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.core.Awaits;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.hosts.FailoverDaemon;
import dev.jollama.core.hosts.Pools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeOllama a = FakeOllama.start();
    private final FakeOllama b = FakeOllama.start();

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    private static BatchRunner runner(FailoverDaemon daemon, int jobs, boolean ordered) {
        return new BatchRunner(daemon, new BatchRunner.Settings("llama3.2", null, Map.of(), null, jobs, ordered));
    }

    private static String input(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> "{\"id\": " + i + ", \"prompt\": \"p" + i + "\"}")
                .collect(Collectors.joining("\n"));
    }

    private static List<JsonNode> lines(String text) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : text.lines().toList()) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    private static BatchInput in(String text) {
        return new BatchInput(new StringReader(text), 1 << 20, Path.of(""));
    }

    @Test
    void orderedOutputFollowsTheInputEvenWhenEarlyItemsAreSlowest() throws Exception {
        a.slots(1, 200); // whatever goes to h1 is slow
        b.slots(4, 5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        runner(Pools.over(a, b), 4, true).run(in(input(30)), BatchOutput.of(out), Set.of());

        assertThat(lines(out.toString(StandardCharsets.UTF_8)))
                .extracting(l -> l.path("id").asInt())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
    }

    @Test
    void theSlowHostGetsFewerItemsThanTheFastOne() throws Exception {
        a.slots(2, 300);
        b.slots(2, 10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        runner(Pools.over(a, b), 4, false).run(in(input(40)), BatchOutput.of(out), Set.of());

        Map<String, Integer> perHost = new HashMap<>();
        lines(out.toString(StandardCharsets.UTF_8))
                .forEach(l -> perHost.merge(l.path("host").asText(), 1, Integer::sum));
        assertThat(perHost.get("h2")).isGreaterThan(perHost.getOrDefault("h1", 0) * 2);
    }

    @Test
    void aHostKilledMidwayHasTheRestOfItsWorkMovedAndEveryItemGetsALine() throws Exception {
        a.slots(2, 100);
        b.slots(2, 100);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BatchRunner runner = runner(Pools.over(a, b), 4, false);
        CompletableFuture<BatchRunner.Counts> done = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run(in(input(40)), BatchOutput.of(out), Set.of());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Awaits.until("a few answers from h1", () -> a.answered() >= 4);
        a.close();
        BatchRunner.Counts counts = done.get(60, TimeUnit.SECONDS);

        List<JsonNode> results = lines(out.toString(StandardCharsets.UTF_8));
        assertThat(results).hasSize(40);
        assertThat(results.stream().map(l -> l.path("id").asInt()).collect(Collectors.toSet()))
                .hasSize(40);
        // Only an item whose answer had started on h1 may fail; the rest moved to h2.
        assertThat(counts.failed()).isLessThanOrEqualTo(2);
        assertThat(counts.answered()).isGreaterThanOrEqualTo(38);
        assertThat(b.answered()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void aResumeSkipsAnsweredIdsRetriesFailuresAndDropsATornLastLine() throws Exception {
        Path out = dir.resolve("out.jsonl");
        Files.writeString(
                out,
                "{\"id\":1,\"response\":\"old\",\"model\":\"m\",\"host\":\"h\"}\n"
                        + "{\"id\":2,\"error\":\"boom\",\"exit_code\":1}\n"
                        + "{\"id\":3,\"response\":\"old\",\"model\":\"m\",\"host\":\"h\"}\n"
                        + "{\"id\":4,\"respo");

        try (ResultsFile output = ResultsFile.open(out)) {
            ResumeFile.Answered answered = output.resume();
            assertThat(answered.counts()).containsOnlyKeys("1", "3");
            BatchRunner.Counts counts = runner(Pools.over(a), 2, false).run(in(input(5)), output, answered);
            assertThat(counts.skipped()).isEqualTo(2);
            assertThat(counts.answered()).isEqualTo(3);
        }

        List<JsonNode> results = lines(Files.readString(out));
        assertThat(results).extracting(l -> l.path("id").asInt()).containsExactlyInAnyOrder(1, 3, 2, 4, 5);
        assertThat(results).allSatisfy(l -> assertThat(l.has("response")).isTrue());
        assertThat(Files.readString(out)).endsWith("\n");
        assertThat(a.answered()).isEqualTo(3);
    }

    @Test
    void aFileThatIsNotBatchOutputIsNeverWrittenTo() throws Exception {
        Path out = dir.resolve("notes.txt");
        Files.writeString(out, "my notes\nmore\n");

        assertThatThrownBy(() -> {
                    try (ResultsFile results = ResultsFile.open(out)) {
                        results.resume();
                    }
                })
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 1 is not a batch result");
        assertThat(Files.readString(out)).isEqualTo("my notes\nmore\n");
    }

    @Test
    void stopLetsTheItemsInFlightFinishAndSendsNoMore() throws Exception {
        a.slots(2, 300);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BatchRunner runner = runner(Pools.over(a), 2, false);
        CompletableFuture<BatchRunner.Counts> done = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run(in(input(100)), BatchOutput.of(out), Set.of());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Awaits.until("two in flight", () -> a.requests("/api/generate").size() >= 2);
        runner.stop();
        BatchRunner.Counts counts = done.get(10, TimeUnit.SECONDS);

        assertThat(counts.answered()).isBetween(2L, 4L);
        assertThat(lines(out.toString(StandardCharsets.UTF_8))).hasSize((int) counts.answered());
        assertThat(a.requests("/api/generate")).hasSize((int) counts.answered());
    }

    @Test
    void cancelStopsTheItemsInFlightAndWritesNothingForThem() throws Exception {
        a.answer(FakeOllama.Answer.STALL);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BatchRunner runner = runner(Pools.over(a), 2, false);
        CompletableFuture<BatchRunner.Counts> done = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run(in(input(10)), BatchOutput.of(out), Set.of());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Awaits.until("two stalled", () -> a.requests("/api/generate").size() >= 2);
        runner.cancel();
        BatchRunner.Counts counts = done.get(5, TimeUnit.SECONDS);

        assertThat(counts.answered() + counts.failed()).isZero();
        assertThat(out.size()).isZero();
    }

    @Test
    void plainLinesAreNumberedPromptsAndBlankLinesAreSkipped() throws Exception {
        BatchInput input = in("first\n\n  \n{\"prompt\": \"x\"}\n{\"id\": \"k\", \"prompt\": \"y\", \"extra\": 1}\n");
        BatchItem first = input.next();
        assertThat(first.id().asInt()).isEqualTo(1);
        assertThat(first.prompt()).isEqualTo("first");
        assertThat(input.next().id().asInt()).isEqualTo(4);
        BatchItem bad = input.next();
        assertThat(bad.id().asText()).isEqualTo("k");
        assertThat(bad.problem()).contains("unknown field 'extra'");
        assertThat(input.next()).isNull();
    }

    @Test
    void aMillionLineInputRunsInAHeapOfTwentyFourMegabytes() throws Exception {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx24m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BatchMemoryProbe.class.getName(),
                        "1000000")
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("answered 1000000 of 1000000");
    }
}
