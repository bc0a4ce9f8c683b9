package dev.jollama.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.error.StreamBrokenException;
import dev.jollama.core.fake.RawPeer;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A server that trickles, floods or stalls on purpose, on a raw socket: every wait ends at its deadline
 * whatever it trickles, and every answer read whole ends at its cap, each with one line naming the
 * bound. The timeouts are short so each test ends within seconds; without the bounds the same tests
 * wait for minutes or fill the heap.
 */
class HostileServerTest {

    /** Far above the short timeouts used here, far below what the server would take without them. */
    private static final long BOUND_SECONDS = 20;

    private static final String TAGS_HEAD =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n";

    private static HttpOllamaDaemon daemon(RawPeer peer, Timeouts timeouts) {
        return new HttpOllamaDaemon(OllamaHost.parse(peer.url()), timeouts);
    }

    private static Throwable failureOf(Supplier<?> call) throws Exception {
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                call.get();
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        return outcome.get(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aStatusLineAndHeadersTrickledAByteASecondEndAtTheFirstByteTimeout() throws Exception {
        String answer =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n" + "{\"models\":[]}";
        try (RawPeer peer = RawPeer.start((request, out) -> RawPeer.trickle(out, answer, 1000))) {
            Timeouts timeouts = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(1));

            Throwable failure = failureOf(() -> daemon(peer, timeouts).listModels());

            assertThat(failure)
                    .isInstanceOf(StreamBrokenException.class)
                    .hasMessage("Ollama at " + peer.url() + " did not answer within 2s (first-byte timeout; raise"
                            + " timeouts.firstByte in the config)");
            assertThat(peer.awaitHangUp(BOUND_SECONDS * 1000))
                    .as("the server saw the hang-up")
                    .isTrue();
        }
    }

    @Test
    void headersWithoutABodyAreStillUnderTheFirstByteTimeoutNotTheIdleOne() throws Exception {
        try (RawPeer peer = RawPeer.start((request, out) -> {
            out.write(TAGS_HEAD.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(60_000);
        })) {
            Timeouts timeouts = new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMinutes(5));

            Throwable failure = failureOf(() -> daemon(peer, timeouts).listModels());

            assertThat(failure).isInstanceOf(StreamBrokenException.class).hasMessageContaining("first-byte timeout");
        }
    }

    @Test
    void aPeerThatNeverReadsALargeRequestEndsAtTheFirstByteTimeout() throws Exception {
        // Accepts and holds the connection without reading: a 32 MiB prompt fills the socket buffers.
        try (java.net.ServerSocket server =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    held.add(server.accept());
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            HttpOllamaDaemon daemon = new HttpOllamaDaemon(
                    OllamaHost.parse("http://127.0.0.1:" + server.getLocalPort()),
                    new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(5)));
            ChatRequest request = new ChatRequest(
                    "m", List.of(ChatMessage.user("x".repeat(32 << 20))), Map.of(), null, null, null, true);

            Throwable failure = failureOf(() -> daemon.chat(request, StreamListener.IGNORE, new Cancellation()));

            assertThat(failure)
                    .isInstanceOf(StreamBrokenException.class)
                    .hasMessage("Ollama at http://127.0.0.1:" + server.getLocalPort() + " did not take the request"
                            + " within 1s (first-byte timeout; raise timeouts.firstByte in the config)");
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aWholeAnswerTrickledEndsAtTheIdleTimeoutFromItsFirstByte() throws Exception {
        String body = "{\"models\":[]}" + " ".repeat(60);
        try (RawPeer peer = RawPeer.start((request, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            RawPeer.trickle(out, body, 100);
        })) {
            Timeouts timeouts = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1));

            Throwable failure = failureOf(() -> daemon(peer, timeouts).listModels());

            assertThat(failure)
                    .isInstanceOf(StreamBrokenException.class)
                    .hasMessage("Ollama at " + peer.url() + " did not send the whole of its answer within 1s of its"
                            + " start (idle timeout; timeouts.idle in the config)");
        }
    }

    @Test
    void aStreamThatKeepsTalkingLongerThanTheIdleTimeoutIsNotCut() throws Exception {
        try (RawPeer peer = RawPeer.start((request, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 12; i++) {
                RawPeer.chunk(
                        out,
                        ("{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"w" + i
                                        + " \"},\"done\":false}\n")
                                .getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(100);
            }
            RawPeer.chunk(
                    out, "{\"model\":\"m\",\"done\":true,\"done_reason\":\"stop\"}\n".getBytes(StandardCharsets.UTF_8));
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            Timeouts timeouts = new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(600), Duration.ofMillis(600));
            List<String> seen = new ArrayList<>();
            ChatRequest request =
                    new ChatRequest("m", List.of(ChatMessage.user("hi")), Map.of(), null, null, null, true);

            Completion done = daemon(peer, timeouts).chat(request, seen::add, new Cancellation());

            assertThat(seen).hasSize(12);
            assertThat(done.doneReason()).isEqualTo("stop");
        }
    }

    @Test
    void aModelListLargerThanItsCapIsRefusedWithOneLineNamingTheCapAndTheAddress() throws Exception {
        byte[] entry = "{\"name\":\"m:latest\",\"model\":\"m:latest\",\"size\":1},".getBytes(StandardCharsets.UTF_8);
        try (RawPeer peer = RawPeer.start((request, out) -> {
            out.write(TAGS_HEAD.getBytes(StandardCharsets.US_ASCII));
            RawPeer.chunk(out, "{\"models\":[".getBytes(StandardCharsets.UTF_8));
            byte[] mebibyte = new byte[1 << 20];
            for (int i = 0; i + entry.length <= mebibyte.length; i += entry.length) {
                System.arraycopy(entry, 0, mebibyte, i, entry.length);
            }
            java.util.Arrays.fill(
                    mebibyte, mebibyte.length - mebibyte.length % entry.length, mebibyte.length, (byte) ' ');
            for (int i = 0; i < 20; i++) {
                RawPeer.chunk(out, mebibyte);
            }
            RawPeer.chunk(out, "{\"name\":\"last\"}]}".getBytes(StandardCharsets.UTF_8));
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            Throwable failure = failureOf(() -> daemon(peer, Timeouts.DEFAULT).listModels());

            assertThat(failure)
                    .isInstanceOf(StreamBrokenException.class)
                    .hasMessage("the answer to GET " + peer.url() + "/api/tags is larger than 16 MiB, more than"
                            + " jollama reads of such an answer (docs/reliability.md)");
            assertThat(peer.awaitHangUp(BOUND_SECONDS * 1000))
                    .as("reading stopped at the cap")
                    .isTrue();
        }
    }

    @Test
    void embeddingsLargerThanTheirCapAreRefusedWithoutHoldingThem() throws Exception {
        try (RawPeer peer = RawPeer.start((request, out) -> {
            out.write(TAGS_HEAD.getBytes(StandardCharsets.US_ASCII));
            RawPeer.chunk(out, "{\"model\":\"m\",\"padding\":[".getBytes(StandardCharsets.UTF_8));
            byte[] ones = "1,".repeat(1 << 19).getBytes(StandardCharsets.US_ASCII); // 1 MiB
            for (int i = 0; i < 70; i++) {
                RawPeer.chunk(out, ones);
            }
            RawPeer.chunk(out, "1],\"embeddings\":[[0.5]]}".getBytes(StandardCharsets.UTF_8));
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            EmbedRequest request = new EmbedRequest("m", List.of("hi"), null, null, null, null);

            Throwable failure = failureOf(() -> daemon(peer, Timeouts.DEFAULT).embed(request, new Cancellation()));

            assertThat(failure)
                    .isInstanceOf(StreamBrokenException.class)
                    .hasMessageContaining("/api/embed is larger than 64 MiB");
        }
    }
}
