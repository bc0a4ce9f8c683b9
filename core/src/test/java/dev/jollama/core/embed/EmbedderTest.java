package dev.jollama.core.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.Awaits;
import dev.jollama.core.daemon.EmbedRequest;
import dev.jollama.core.daemon.HttpOllamaDaemon;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batching, order, empty inputs and failures of {@link Embedder}, against the fake daemon. */
class EmbedderTest {

    private final FakeOllama fake = FakeOllama.start().capabilities("all-minilm", "embedding");
    private final Embedder embedder =
            new Embedder(new HttpOllamaDaemon(OllamaHost.parse(fake.url()), Timeouts.DEFAULT));
    private final EmbedRequest settings = new EmbedRequest("all-minilm", List.of(), null, null, null, null);

    @AfterEach
    void stop() {
        fake.close();
    }

    /** What a sink was given, and when batches ended. */
    private static final class Collected implements Embedder.Sink {
        final List<String> inputs = new CopyOnWriteArrayList<>();
        final List<float[]> vectors = new CopyOnWriteArrayList<>();
        final List<Integer> batchEnds = new CopyOnWriteArrayList<>();

        @Override
        public void accept(String input, float[] embedding) {
            inputs.add(input);
            vectors.add(embedding);
        }

        @Override
        public void batchDone() {
            batchEnds.add(inputs.size());
        }
    }

    private static Embedder.Inputs listOf(List<String> texts) {
        Iterator<String> it = texts.iterator();
        return () -> it.hasNext() ? it.next() : null;
    }

    private static Embedder.Inputs lines(String text, long limit) {
        return new InputLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limit);
    }

    @Test
    void sendsBatchesOf64AndKeepsTheOrder() throws IOException {
        List<String> texts =
                IntStream.rangeClosed(1, 150).mapToObj(i -> "text " + i).toList();
        Collected out = new Collected();
        Embedder.Totals totals = embedder.embed(settings, listOf(texts), out, new Cancellation());

        var requests = fake.requests("/api/embed");
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).json().path("input")).hasSize(64);
        assertThat(requests.get(1).json().path("input").get(0).asText()).isEqualTo("text 65");
        assertThat(requests.get(2).json().path("input")).hasSize(22);
        assertThat(out.inputs).containsExactlyElementsOf(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(out.vectors.get(i)).as(texts.get(i)).containsExactly(FakeOllama.vectorOf(texts.get(i), 8));
        }
        assertThat(out.batchEnds).containsExactly(64, 128, 150);
        assertThat(totals.inputs()).isEqualTo(150);
        assertThat(totals.requests()).isEqualTo(3);
        assertThat(totals.dimensions()).isEqualTo(8);
        assertThat(totals.totalDuration()).isEqualTo(3 * 14143917L);
    }

    @Test
    void aBatchAlsoEndsAtItsCharacterBudget() throws IOException {
        Embedder small = new Embedder(new HttpOllamaDaemon(OllamaHost.parse(fake.url()), Timeouts.DEFAULT), 64, 10);
        small.embed(
                settings,
                listOf(List.of("12345", "67890", "abc", "defghijklmnop", "q")),
                new Collected(),
                new Cancellation());
        assertThat(fake.requests("/api/embed"))
                .extracting(r -> r.json().path("input").size())
                .containsExactly(2, 2, 1);
    }

    @Test
    void emptyInputsAreNeverSentAndGetAnEmptyVectorInTheirPlace() throws IOException {
        Collected out = new Collected();
        Embedder.Totals totals = embedder.embed(settings, lines("a\n\nb\n", 100), out, new Cancellation());
        assertThat(out.inputs).containsExactly("a", "", "b");
        assertThat(out.vectors.get(1)).isEmpty();
        assertThat(out.vectors.get(2)).containsExactly(FakeOllama.vectorOf("b", 8));
        assertThat(fake.requests("/api/embed").get(0).json().path("input"))
                .extracting(n -> n.asText())
                .containsExactly("a", "b");

        Collected blanks = new Collected();
        Embedder.Totals none = embedder.embed(settings, lines("\n\n", 100), blanks, new Cancellation());
        assertThat(blanks.vectors).hasSize(2).allSatisfy(v -> assertThat(v).isEmpty());
        assertThat(none.requests()).isZero();
        assertThat(none.dimensions()).isNull();
        assertThat(fake.requests("/api/embed"))
                .as("no request for empty lines alone")
                .hasSize(1);
        assertThat(totals.inputs()).isEqualTo(3);
    }

    @Test
    void aSlowPipeGetsEachVectorAsItsLineComesNotAtTheEnd() throws Exception {
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(writer);
        Collected out = new Collected();
        CompletableFuture<Embedder.Totals> done = CompletableFuture.supplyAsync(() -> {
            try {
                return embedder.embed(settings, new InputLines(stdin, 1000), out, new Cancellation());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.write("first\n".getBytes(StandardCharsets.UTF_8));
        writer.flush();
        Awaits.until("the vector of the first line while stdin is still open", () -> out.vectors.size() == 1);
        writer.write("second\n".getBytes(StandardCharsets.UTF_8));
        writer.close();
        assertThat(done.get(20, TimeUnit.SECONDS).inputs()).isEqualTo(2);
        assertThat(out.inputs).containsExactly("first", "second");
    }

    @Test
    void aLineBeyondTheLimitStopsAfterTheLinesBeforeItAreEmbedded() {
        Collected out = new Collected();
        assertThatThrownBy(() -> embedder.embed(
                        settings, lines("one\ntwo\n" + "x".repeat(50) + "\nfour\n", 20), out, new Cancellation()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("line 3 of stdin holds more than the 20 bytes input limit");
        assertThat(out.inputs).containsExactly("one", "two");
        assertThat(fake.requests("/api/embed")).hasSize(1);
    }

    @Test
    void aRefusedBatchSaysWhichInputsItHeld() {
        EmbedRequest noTruncate = new EmbedRequest("all-minilm", List.of(), false, null, null, null);
        List<String> texts = new ArrayList<>(List.of("a", "b", "c"));
        texts.add("x".repeat(20_000));
        Embedder two = new Embedder(new HttpOllamaDaemon(OllamaHost.parse(fake.url()), Timeouts.DEFAULT), 2, 1 << 20);
        Collected out = new Collected();
        assertThatThrownBy(() -> two.embed(noTruncate, listOf(texts), out, new Cancellation()))
                .isInstanceOfSatisfying(DaemonErrorException.class, e -> assertThat(e.getMessage())
                        .isEqualTo(
                                "Ollama: the input length exceeds the context length (in inputs 3–4: shorten the long"
                                        + " ones or raise num_ctx; with truncation on, Ollama cuts them to fit)"));
        assertThat(out.inputs).as("the batch before stays delivered").containsExactly("a", "b");
    }

    @Test
    void aCancelledRunSendsNothingMore() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        assertThatThrownBy(() -> embedder.embed(settings, listOf(List.of("a")), new Collected(), cancellation))
                .isInstanceOf(CancelledException.class);
        assertThat(fake.requests("/api/embed")).isEmpty();
    }

    @Test
    void aModelWithoutTheEmbeddingCapabilityIsRefusedBeforeAnyInputIsSent() {
        fake.capabilities("llama3.2", "completion", "tools");
        EmbedRequest chatModel = new EmbedRequest("llama3.2", List.of(), null, null, null, null);
        assertThatThrownBy(() -> embedder.embed(chatModel, listOf(List.of("a")), new Collected(), new Cancellation()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model llama3.2 is not an embedding model (its capabilities: completion, tools): choose"
                        + " one that lists embedding in `jollama show`, such as nomic-embed-text");
        assertThat(fake.requests("/api/embed")).isEmpty();
    }

    @Test
    void aDaemonThatListsNoCapabilitiesIsTrustedWithTheModel() throws IOException {
        fake.capabilitiesListed(false);
        EmbedRequest unknown = new EmbedRequest("llama3.2", List.of(), null, null, null, null);
        Embedder.Totals totals = embedder.embed(unknown, listOf(List.of("a")), new Collected(), new Cancellation());
        assertThat(totals.requests()).isEqualTo(1);
    }
}
