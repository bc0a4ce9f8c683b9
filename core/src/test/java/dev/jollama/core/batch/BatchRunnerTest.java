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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
        return in(text.getBytes(StandardCharsets.UTF_8));
    }

    private static BatchInput in(byte[] bytes) {
        return new BatchInput(new ByteArrayInputStream(bytes), 1 << 20, Path.of(""));
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
    void aLineThatIsNotUtf8IsThatItemsUsageErrorAndNeverSentMangled() throws Exception {
        byte[] latin1 = "café au lait\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] input = concat("{\"id\": \"ok\", \"prompt\": \"naïve ✓\"}\n".getBytes(StandardCharsets.UTF_8), latin1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        runner(Pools.over(a), 1, true).run(in(input), BatchOutput.of(out), Set.of());

        List<JsonNode> lines = lines(out.toString(StandardCharsets.UTF_8));
        assertThat(lines.get(0).path("id").asText()).isEqualTo("ok");
        assertThat(lines.get(0).has("error")).isFalse();
        assertThat(lines.get(1).path("id").asInt()).isEqualTo(2);
        assertThat(lines.get(1).path("exit_code").asInt()).isEqualTo(2);
        assertThat(lines.get(1).path("error").asText())
                .isEqualTo("line 2 is not valid UTF-8 (bad byte at offset 3 of the line): nothing was sent for it;"
                        + " convert the input first, for example with `iconv -f latin1 -t utf-8`");
        // The good line went with its characters; the bad one never went.
        assertThat(a.requests("/api/generate")).hasSize(1);
        assertThat(a.requests("/api/generate").get(0).json().path("prompt").asText())
                .isEqualTo("naïve ✓");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
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

    @Test
    void anItemLongerThanTheContextIsItsOwnExplainedErrorAndAnOldDaemonsCutIsSaidOnce() throws Exception {
        String big = "x".repeat(4 * 5000);
        String items = "{\"id\": 1, \"prompt\": \"" + big + "\"}\n{\"id\": 2, \"prompt\": \"short\"}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runner(Pools.over(a), 1, true).run(in(items), BatchOutput.of(out), Set.of());
        List<JsonNode> results = lines(out.toString(StandardCharsets.UTF_8));
        assertThat(a.requests("/api/generate").get(0).json().path("truncate").asBoolean(true))
                .isFalse();
        assertThat(results.get(0).path("exit_code").asInt()).isEqualTo(2);
        assertThat(results.get(0).path("error").asText())
                .isEqualTo("the input is about 5004 tokens, more than the 4096-token context (Ollama's default below"
                        + " 23 GiB of VRAM, assumed until the model is loaded): Ollama refused it rather than cut its"
                        + " start; --option num_ctx=8192 makes room, or --truncate lets Ollama cut the start");
        assertThat(results.get(1).path("response").asText()).isNotEmpty();

        b.ignoresTruncate(true);
        List<String> warnings = new ArrayList<>();
        ByteArrayOutputStream cut = new ByteArrayOutputStream();
        runner(Pools.over(b), 1, true)
                .warnings(warnings::add)
                .run(in(items + "\n{\"id\": 3, \"prompt\": \"" + big + "\"}"), BatchOutput.of(cut), Set.of());
        assertThat(lines(cut.toString(StandardCharsets.UTF_8))).allMatch(l -> l.has("response"));
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .startsWith("item 1: the daemon probably cut the start of the input: it read 4096"
                        + " tokens of about 5004 sent");

        ByteArrayOutputStream allowed = new ByteArrayOutputStream();
        new BatchRunner(Pools.over(a), new BatchRunner.Settings("llama3.2", null, Map.of(), null, 1, true, true))
                .run(in(items), BatchOutput.of(allowed), Set.of());
        assertThat(lines(allowed.toString(StandardCharsets.UTF_8))).allMatch(l -> l.has("response"));
    }
}
