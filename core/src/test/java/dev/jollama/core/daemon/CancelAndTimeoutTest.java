package dev.jollama.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.Awaits;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.StreamBrokenException;
import dev.jollama.core.error.TlsFailureException;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cancel and every timeout against a daemon that goes silent with the connection open, in each phase,
 * with the cancel coming from another thread than the reader's — the way Ctrl-C, SIGTERM and a
 * closed stdout arrive. Each outcome must come within a bound far below the timeouts left running.
 */
class CancelAndTimeoutTest {

    /** A cancel must take effect within 250 ms; the bound leaves room for a loaded CI machine. */
    private static final long CANCEL_BOUND_MS = 2_000;

    private static final Timeouts PATIENT =
            new Timeouts(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(2));

    private static ChatRequest request() {
        return new ChatRequest("m", List.of(ChatMessage.user("hi")), Map.of(), null, null, null, true);
    }

    private static CompletableFuture<Throwable> chatInBackground(
            HttpOllamaDaemon daemon, Cancellation cancellation, List<String> seen) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                daemon.chat(request(), seen::add, cancellation);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
    }

    @Test
    void aCancelFromAnotherThreadStopsAStalledStreamAndTheDaemonSeesTheHangUp() throws Exception {
        try (SilentPeer peer = new SilentPeer(3)) {
            HttpOllamaDaemon daemon = new HttpOllamaDaemon(OllamaHost.parse(peer.url()), PATIENT);
            Cancellation cancellation = new Cancellation();
            List<String> seen = new CopyOnWriteArrayList<>();
            CompletableFuture<Throwable> outcome = chatInBackground(daemon, cancellation, seen);
            Awaits.until("three chunks before the stall", () -> seen.size() == 3);

            cancellation.cancel();

            assertThat(outcome.get(CANCEL_BOUND_MS, TimeUnit.MILLISECONDS)).isInstanceOf(CancelledException.class);
            assertThat(peer.awaitHangUp(CANCEL_BOUND_MS))
                    .as("the daemon saw the hang-up")
                    .isTrue();
            assertThat(seen).containsExactly("w0 ", "w1 ", "w2 ");
        }
    }

    @Test
    void aCancelWhileTheDaemonIsSilentBeforeItsHeadersStopsTheRequest() throws Exception {
        try (SilentPeer peer = new SilentPeer(-1)) {
            HttpOllamaDaemon daemon = new HttpOllamaDaemon(OllamaHost.parse(peer.url()), PATIENT);
            Cancellation cancellation = new Cancellation();
            CompletableFuture<Throwable> outcome = chatInBackground(daemon, cancellation, new ArrayList<>());
            assertThat(peer.awaitRequest(CANCEL_BOUND_MS)).isTrue();

            cancellation.cancel();

            assertThat(outcome.get(CANCEL_BOUND_MS, TimeUnit.MILLISECONDS)).isInstanceOf(CancelledException.class);
            assertThat(peer.awaitHangUp(CANCEL_BOUND_MS)).isTrue();
        }
    }

    @Test
    void aRequestCancelledBeforeItIsSentIsNeverSent() throws Exception {
        try (SilentPeer peer = new SilentPeer(3)) {
            HttpOllamaDaemon daemon = new HttpOllamaDaemon(OllamaHost.parse(peer.url()), PATIENT);
            Cancellation cancellation = new Cancellation();
            cancellation.cancel();
            assertThat(chatInBackground(daemon, cancellation, new ArrayList<>())
                            .get(CANCEL_BOUND_MS, TimeUnit.MILLISECONDS))
                    .isInstanceOf(CancelledException.class);
            assertThat(peer.accepted()).isZero();
        }
    }

    @Test
    void theIdleTimeoutEndsAStalledStreamAndNamesItselfAndItsValue() throws Exception {
        try (SilentPeer peer = new SilentPeer(3)) {
            Timeouts idle = new Timeouts(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMillis(300));
            HttpOllamaDaemon daemon = new HttpOllamaDaemon(OllamaHost.parse(peer.url()), idle);
            Throwable failure = chatInBackground(daemon, new Cancellation(), new ArrayList<>())
                    .get(10, TimeUnit.SECONDS);
            assertThat(failure)
                    .isInstanceOf(StreamBrokenException.class)
                    .hasMessageContaining("sent nothing for 300ms (idle timeout");
            assertThat(peer.awaitHangUp(CANCEL_BOUND_MS)).isTrue();
        }
    }

    @Test
    void theFirstByteTimeoutEndsAWaitForHeadersAndNamesItselfAndItsValue() throws Exception {
        try (SilentPeer peer = new SilentPeer(-1)) {
            Timeouts firstByte = new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofMinutes(2));
            HttpOllamaDaemon daemon = new HttpOllamaDaemon(OllamaHost.parse(peer.url()), firstByte);
            Throwable failure = chatInBackground(daemon, new Cancellation(), new ArrayList<>())
                    .get(10, TimeUnit.SECONDS);
            assertThat(failure)
                    .isInstanceOf(StreamBrokenException.class)
                    .hasMessageContaining("did not answer within 300ms (first-byte timeout");
        }
    }

    @Test
    void aCancelDuringATlsHandshakeWithASilentPeerStopsIt() throws Exception {
        try (SilentPeer peer = new SilentPeer(-1)) {
            // An https client talking to a peer that never answers the handshake.
            String url = peer.url().replace("http://", "https://");
            HttpOllamaDaemon daemon = new HttpOllamaDaemon(
                    OllamaHost.parse(url),
                    new Timeouts(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(2)));
            Cancellation cancellation = new Cancellation();
            CompletableFuture<Throwable> outcome = chatInBackground(daemon, cancellation, new ArrayList<>());
            Awaits.until("the connection", () -> peer.accepted() == 1);

            cancellation.cancel();

            assertThat(outcome.get(CANCEL_BOUND_MS, TimeUnit.MILLISECONDS)).isInstanceOf(CancelledException.class);
            assertThat(peer.awaitHangUp(CANCEL_BOUND_MS)).isTrue();
        }
    }

    @Test
    void aSilentTlsHandshakeEndsAtTheConnectTimeout() throws Exception {
        try (SilentPeer peer = new SilentPeer(-1)) {
            String url = peer.url().replace("http://", "https://");
            HttpOllamaDaemon daemon = new HttpOllamaDaemon(
                    OllamaHost.parse(url),
                    new Timeouts(Duration.ofMillis(300), Duration.ofMinutes(5), Duration.ofMinutes(2)));
            Throwable failure = chatInBackground(daemon, new Cancellation(), new ArrayList<>())
                    .get(10, TimeUnit.SECONDS);
            assertThat(failure)
                    .isInstanceOf(TlsFailureException.class)
                    .hasMessageContaining("did not complete a TLS handshake within 300ms");
        }
    }

    @Test
    void aCancelWhileConnectingToAHostThatDropsPacketsStopsIt() throws Exception {
        // A listening socket whose accept queue is full: the kernel drops further SYNs, as a firewall does.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(s);
                    } catch (java.io.IOException queueFull) {
                        s.close();
                        break;
                    }
                }
                HttpOllamaDaemon daemon = new HttpOllamaDaemon(
                        OllamaHost.parse("127.0.0.1:" + full.getLocalPort()),
                        new Timeouts(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(2)));
                Cancellation cancellation = new Cancellation();
                CompletableFuture<Throwable> outcome = chatInBackground(daemon, cancellation, new ArrayList<>());
                Thread.sleep(200); // let it reach connect(); a cancel before it is covered above
                cancellation.cancel();
                assertThat(outcome.get(CANCEL_BOUND_MS, TimeUnit.MILLISECONDS))
                        .isInstanceOfAny(CancelledException.class, DaemonUnreachableException.class)
                        .isInstanceOf(CancelledException.class);
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }
}
