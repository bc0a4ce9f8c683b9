package dev.jollama.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.hosts.FailoverDaemon;
import dev.jollama.core.hosts.Pools;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A batch whose model fails on some items: those items fail in the model's words, the rest are sent. */
class BatchBreakerTest {

    /** Ollama's refusal of an input longer than the context, as jollama explains it (ContextGuard). */
    private static final String OVERFLOW = "the input does not fit the 4096-token context (Ollama's default below"
            + " 23 GiB of VRAM, assumed until the model is loaded) by Ollama's count (about 6 tokens by jollama's"
            + " estimate): Ollama refused it rather than cut its start; --option num_ctx=8192 makes room, or"
            + " --truncate lets Ollama cut the start";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void itemsTheModelFailsDoNotPauseTheHostForTheRest() throws Exception {
        try (FakeOllama fake = FakeOllama.start()) {
            fake.failPrompts("crash", 500, FakeOllama.RUNNER_TERMINATED)
                    .failPrompts("huge", 500, FakeOllama.OUT_OF_MEMORY)
                    .failPrompts("long", 400, FakeOllama.INPUT_TOO_LONG);
            List<String> prompts = List.of(
                    "crash 1", "huge 2", "long 3", "crash 4", "long 5", "fine 6", "fine 7", "fine 8", "fine 9",
                    "fine 10");
            String input = IntStream.range(0, prompts.size())
                    .mapToObj(i -> "{\"id\": " + (i + 1) + ", \"prompt\": \"" + prompts.get(i) + "\"}")
                    .collect(Collectors.joining("\n"));
            FailoverDaemon daemon = Pools.over(fake);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            BatchRunner.Counts counts = new BatchRunner(
                            daemon, new BatchRunner.Settings("llama3.2", null, Map.of(), null, 1, true))
                    .run(
                            new BatchInput(
                                    new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                                    1 << 20,
                                    Path.of("")),
                            BatchOutput.of(out),
                            Set.of());

            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
                lines.add(JSON.readTree(line));
            }
            assertThat(counts.failed()).isEqualTo(5);
            assertThat(counts.answered()).isEqualTo(5);
            assertThat(lines.subList(0, 5))
                    .extracting(l -> l.path("error").asText())
                    .containsExactly(
                            "Ollama: " + FakeOllama.RUNNER_TERMINATED,
                            "Ollama: " + FakeOllama.OUT_OF_MEMORY,
                            OVERFLOW,
                            "Ollama: " + FakeOllama.RUNNER_TERMINATED,
                            OVERFLOW);
            assertThat(lines.subList(5, 10))
                    .allSatisfy(l -> assertThat(l.has("response")).isTrue());
            assertThat(fake.requests("/api/generate")).hasSize(10);
            assertThat(daemon.pool().first().daemon().breakerStatus().state()).isEqualTo("CLOSED");
        }
    }
}
