package dev.jollama.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Answer;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import dev.jollama.core.resilience.ResilienceSettings;
import dev.jollama.core.resilience.ResilientOllamaDaemon;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /api/embed} through the HTTP client and the resilient wrapper, against the fake daemon. */
class EmbedTest {

    private static final ResilienceSettings FAST =
            new ResilienceSettings(3, Duration.ofMillis(10), 2.0, 0.5, 50f, 4, 4, Duration.ofMillis(300));

    private final FakeOllama fake = FakeOllama.start();
    private final HttpOllamaDaemon daemon = new HttpOllamaDaemon(OllamaHost.parse(fake.url()), Timeouts.DEFAULT);

    @AfterEach
    void stop() {
        fake.close();
    }

    private static EmbedRequest request(String model, String... texts) {
        return new EmbedRequest(model, List.of(texts), null, null, null, null);
    }

    private static double norm(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    @Test
    void sendsEveryFieldAndReadsOneUnitVectorPerInputInOrder() {
        EmbedRequest request =
                new EmbedRequest("llama3.2", List.of("hello", "world"), false, null, Map.of("num_ctx", 2048), "10m");
        EmbedResult result = daemon.embed(request, new Cancellation());

        JsonNode sent = fake.requests("/api/embed").get(0).json();
        assertThat(sent.path("model").asText()).isEqualTo("llama3.2");
        assertThat(sent.path("input").isArray()).isTrue();
        assertThat(sent.path("input")).extracting(JsonNode::asText).containsExactly("hello", "world");
        assertThat(sent.path("truncate").isBoolean()).isTrue();
        assertThat(sent.path("truncate").asBoolean()).isFalse();
        assertThat(sent.has("dimensions")).as("left to Ollama when not given").isFalse();
        assertThat(sent.path("options").path("num_ctx").asInt()).isEqualTo(2048);
        assertThat(sent.path("keep_alive").asText()).isEqualTo("10m");

        assertThat(result.model()).isEqualTo("llama3.2");
        assertThat(result.embeddings()).hasSize(2);
        assertThat(result.embeddings().get(0)).containsExactly(FakeOllama.vectorOf("hello", 8));
        assertThat(result.embeddings().get(1)).containsExactly(FakeOllama.vectorOf("world", 8));
        assertThat(norm(result.embeddings().get(0))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(result.promptEvalCount()).isEqualTo(4); // 2 tokens each in the fake
        assertThat(result.totalDuration()).isEqualTo(14143917L);
        assertThat(result.loadDuration()).isEqualTo(1019500L);
    }

    @Test
    void theSameTextAlwaysGetsTheSameVector() {
        float[] first = daemon.embed(request("llama3.2", "same"), new Cancellation())
                .embeddings()
                .get(0);
        float[] again = daemon.embed(request("llama3.2", "other", "same"), new Cancellation())
                .embeddings()
                .get(1);
        assertThat(again).containsExactly(first);
    }

    @Test
    void dimensionsCutsTheVectorAndKeepsItUnitLength() {
        fake.embeddingLength(768);
        EmbedRequest request = new EmbedRequest("llama3.2", List.of("hello"), null, 256, null, null);
        float[] cut = daemon.embed(request, new Cancellation()).embeddings().get(0);
        assertThat(fake.requests("/api/embed").get(0).json().path("dimensions").asInt())
                .isEqualTo(256);
        assertThat(cut).hasSize(256);
        assertThat(norm(cut)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        float[] full = daemon.embed(request("llama3.2", "hello"), new Cancellation())
                .embeddings()
                .get(0);
        assertThat(full).hasSize(768);
        assertThat(cut[0] / full[0]).as("the same direction, rescaled").isPositive();
    }

    @Test
    void anUnknownModelIsModelNotFound() {
        assertThatThrownBy(() -> daemon.embed(request("nomic-embed-text", "hi"), new Cancellation()))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessage("model 'nomic-embed-text' not found: run `jollama pull nomic-embed-text`");
    }

    @Test
    void anEmptyModelIsTheDaemonsBadRequest() {
        assertThatThrownBy(() -> daemon.embed(request("", "hi"), new Cancellation()))
                .isInstanceOfSatisfying(DaemonErrorException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.daemonMessage()).isEqualTo("model is required");
                });
    }

    @Test
    void anInputLongerThanTheContextIsRefusedWithoutTruncationAndCutWithIt() {
        String longText = "word ".repeat(5000); // 6250 tokens in the fake, against num_ctx 4096
        EmbedRequest refused = new EmbedRequest("llama3.2", List.of(longText), false, null, null, null);
        assertThatThrownBy(() -> daemon.embed(refused, new Cancellation()))
                .isInstanceOfSatisfying(DaemonErrorException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.daemonMessage()).isEqualTo("the input length exceeds the context length");
                    assertThat(e.isRetriable()).isFalse();
                });

        EmbedResult cut = daemon.embed(request("llama3.2", longText), new Cancellation());
        assertThat(cut.promptEvalCount()).isEqualTo(4096);
        assertThat(cut.embeddings().get(0)).containsExactly(FakeOllama.vectorOf(longText.substring(0, 4096 * 4), 8));
    }

    @Test
    void theResilientWrapperRetriesABusyDaemonAndNotABadRequest() {
        ResilientOllamaDaemon resilient = new ResilientOllamaDaemon(daemon, FAST);
        fake.busy(1);
        EmbedResult result = resilient.embed(request("llama3.2", "hi"), new Cancellation());
        assertThat(result.embeddings()).hasSize(1);
        assertThat(fake.requests("/api/embed")).hasSize(2);

        EmbedRequest tooLong = new EmbedRequest("llama3.2", List.of("x".repeat(20_000)), false, null, null, null);
        assertThatThrownBy(() -> resilient.embed(tooLong, new Cancellation())).isInstanceOf(DaemonErrorException.class);
        assertThat(fake.requests("/api/embed")).hasSize(3);
        assertThat(resilient.breakerStatus().failedCalls())
                .as("a bad request says nothing of the daemon's health")
                .isZero();
    }

    @Test
    void aDaemonThatIsDownIsUnreachableAfterTheRetries() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ResilientOllamaDaemon down = new ResilientOllamaDaemon(
                new HttpOllamaDaemon(OllamaHost.parse("127.0.0.1:" + port), Timeouts.DEFAULT), FAST);
        assertThatThrownBy(() -> down.embed(request("llama3.2", "hi"), new Cancellation()))
                .isInstanceOf(DaemonUnreachableException.class)
                .hasMessageContaining("start it with `ollama serve`");
    }

    @Test
    void aCancelWhileTheDaemonIsSilentStopsTheRequestAndTheDaemonSeesTheHangUp() throws Exception {
        fake.answer("llama3.2", Answer.SILENT_BEFORE_HEADERS);
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                new ResilientOllamaDaemon(daemon, FAST).embed(request("llama3.2", "hi"), cancellation);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        dev.jollama.core.Awaits.until(
                "the request at the fake", () -> !fake.requests("/api/embed").isEmpty());

        cancellation.cancel();

        assertThat(outcome.get(2_000, TimeUnit.MILLISECONDS)).isInstanceOf(CancelledException.class);
        assertThat(fake.awaitDisconnect(2_000)).as("the daemon saw the hang-up").isTrue();
    }
}
