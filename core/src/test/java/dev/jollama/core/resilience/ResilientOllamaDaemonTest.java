package dev.jollama.core.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.jollama.core.Awaits;
import dev.jollama.core.daemon.ChatMessage;
import dev.jollama.core.daemon.ChatRequest;
import dev.jollama.core.daemon.HttpOllamaDaemon;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.CircuitOpenException;
import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.error.StreamBrokenException;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each retry and breaker rule, proved against WireMock faults and the fake daemon. */
class ResilientOllamaDaemonTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final ResilienceSettings FAST =
            new ResilienceSettings(3, Duration.ofMillis(10), 2.0, 0.5, 50f, 4, 4, Duration.ofMillis(300));

    private ResilientOllamaDaemon daemon(String url, ResilienceSettings settings) {
        return new ResilientOllamaDaemon(new HttpOllamaDaemon(OllamaHost.parse(url), Timeouts.DEFAULT), settings);
    }

    private ResilientOllamaDaemon daemon() {
        return daemon(wm.baseUrl(), FAST);
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = FakeOllama.class.getResourceAsStream("/ollama-api/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ChatRequest chat() {
        return new ChatRequest("llama3.2", List.of(ChatMessage.user("hi")), Map.of(), null, null, null, true);
    }

    @Test
    void retriesConnectionResetBeforeFirstByte() throws IOException {
        wm.stubFor(post("/api/show")
                .inScenario("reset")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("up"));
        wm.stubFor(post("/api/show")
                .inScenario("reset")
                .whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody(fixture("show.json"))));

        assertThat(daemon().show("llama3.2").contextLength()).isEqualTo(8192);
        wm.verify(2, postRequestedFor(urlEqualTo("/api/show")));
    }

    @Test
    void retriesServerBusyThenSucceeds() throws IOException {
        wm.stubFor(get("/api/tags")
                .inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(503)
                        .withBody("{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}"))
                .willSetStateTo("free"));
        wm.stubFor(get("/api/tags")
                .inScenario("busy")
                .whenScenarioStateIs("free")
                .willReturn(aResponse().withStatus(200).withBody(fixture("tags.json"))));

        assertThat(daemon().listModels()).hasSize(2);
        wm.verify(2, getRequestedFor(urlEqualTo("/api/tags")));
    }

    @Test
    void givesUpOnBusyAfterMaxAttemptsWithTheDaemonText() {
        wm.stubFor(get("/api/tags")
                .willReturn(aResponse()
                        .withStatus(503)
                        .withBody(
                                "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}")));
        assertThatThrownBy(
                        daemon(
                                        wm.baseUrl(),
                                        new ResilienceSettings(
                                                3, Duration.ofMillis(5), 2, 0.5, 50f, 100, 100, Duration.ofSeconds(1)))
                                ::listModels)
                .isInstanceOfSatisfying(
                        DaemonErrorException.class, e -> assertThat(e.status()).isEqualTo(503));
        wm.verify(3, getRequestedFor(urlEqualTo("/api/tags")));
    }

    @Test
    void neverRetriesNotFound() {
        wm.stubFor(post("/api/show")
                .willReturn(aResponse().withStatus(404).withBody("{\"error\":\"model 'llama3.2' not found\"}")));
        assertThatThrownBy(() -> daemon().show("llama3.2")).isInstanceOf(ModelNotFoundException.class);
        wm.verify(1, postRequestedFor(urlEqualTo("/api/show")));
    }

    @Test
    void neverRetriesBadRequest() {
        wm.stubFor(post("/api/chat")
                .willReturn(aResponse()
                        .withStatus(400)
                        .withBody("{\"error\":\"\\\"llama3.2\\\" does not support thinking\"}")));
        assertThatThrownBy(() -> daemon().chat(chat(), t -> {}, new Cancellation()))
                .isInstanceOfSatisfying(DaemonErrorException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.daemonMessage()).isEqualTo("\"llama3.2\" does not support thinking");
                });
        wm.verify(1, postRequestedFor(urlEqualTo("/api/chat")));
    }

    @Test
    void neverRetriesAfterStreamingStarted() {
        // Status and headers arrive, then garbage and a closed connection: the stream had begun.
        wm.stubFor(post("/api/chat").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        assertThatThrownBy(() -> daemon().chat(chat(), t -> {}, new Cancellation()))
                .isInstanceOf(StreamBrokenException.class);
        wm.verify(1, postRequestedFor(urlEqualTo("/api/chat")));
    }

    @Test
    void neverRetriesACutAfterTheFirstChunkSoNothingIsShownTwice() {
        try (FakeOllama fake = FakeOllama.start().answer(FakeOllama.Answer.CUT)) {
            List<String> shown = new ArrayList<>();
            assertThatThrownBy(() -> daemon(fake.url(), FAST).chat(chat(), shown::add, new Cancellation()))
                    .isInstanceOf(StreamBrokenException.class);
            assertThat(shown).containsExactly("The", " sky");
            assertThat(fake.requests("/api/chat")).hasSize(1);
        }
    }

    @Test
    void neverRetriesAnErrorLineMidStream() {
        try (FakeOllama fake = FakeOllama.start().answer(FakeOllama.Answer.ERROR_MIDSTREAM)) {
            assertThatThrownBy(() -> daemon(fake.url(), FAST).chat(chat(), t -> {}, new Cancellation()))
                    .isInstanceOf(DaemonErrorException.class);
            assertThat(fake.requests("/api/chat")).hasSize(1);
        }
    }

    @Test
    void aDaemonDroppingTheFirstTwoConnectionsStillAnswers() {
        try (FakeOllama fake = FakeOllama.start().dropConnections(2)) {
            assertThat(daemon(fake.url(), FAST).show("llama3.2").contextLength())
                    .isEqualTo(8192);
            assertThat(fake.requests("/api/show")).hasSize(3);
        }
    }

    @Test
    void breakerOpensAfterRepeatedFailuresAndThenFailsFast() {
        wm.stubFor(get("/api/version").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        ResilientOllamaDaemon daemon = daemon();

        // One call with its retries is one outcome: four calls (twelve attempts) fill the window of four.
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(daemon::version).isInstanceOf(DaemonUnreachableException.class);
            assertThat(daemon.breakerStatus().state()).isEqualTo("CLOSED");
        }
        assertThatThrownBy(daemon::version)
                .isInstanceOf(DaemonUnreachableException.class)
                .hasMessageContaining("closed the connection without answering")
                .hasMessageNotContaining("ollama serve");
        assertThat(daemon.breakerStatus()).isEqualTo(new BreakerStatus("OPEN", 4, 4, 100f));
        assertThat(wm.getAllServeEvents()).hasSize(12);

        assertThatThrownBy(daemon::version)
                .isInstanceOf(CircuitOpenException.class)
                .hasMessageStartingWith("Ollama at " + wm.baseUrl()
                        + " dropped the connection (4 of the last 4 requests failed);" + " pausing requests for ")
                .hasMessageNotContaining("ollama serve");
        assertThat(wm.getAllServeEvents()).as("no request sent while open").hasSize(12);
    }

    @Test
    void breakerHalfOpensAfterItsWaitAndClosesOnASuccessfulProbe() throws Exception {
        wm.stubFor(get("/api/version")
                .inScenario("recovery")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        ResilientOllamaDaemon daemon = daemon();
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(daemon::version).isInstanceOf(DaemonUnreachableException.class);
        }
        assertThat(daemon.breakerStatus().state()).isEqualTo("OPEN");

        wm.stubFor(get("/api/version")
                .inScenario("recovery")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody("{\"version\":\"0.13.5\"}")));
        Thread.sleep(350);
        assertThat(daemon.version()).isEqualTo("0.13.5");
        assertThat(daemon.breakerStatus().state()).isEqualTo("CLOSED");
    }

    @Test
    void callsThatSucceedAfterRetriesAreSuccessesSoTheNextCallIsSent() {
        wm.stubFor(get("/api/version")
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("one"));
        wm.stubFor(get("/api/version")
                .inScenario("flaky")
                .whenScenarioStateIs("one")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("up"));
        wm.stubFor(get("/api/version")
                .inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody("{\"version\":\"0.13.5\"}")));
        ResilientOllamaDaemon daemon = daemon(
                wm.baseUrl(),
                new ResilienceSettings(3, Duration.ofMillis(10), 2.0, 0.5, 50f, 4, 1, Duration.ofSeconds(30)));
        for (int i = 0; i < 5; i++) {
            assertThat(daemon.version()).isEqualTo("0.13.5");
        }
        assertThat(daemon.breakerStatus()).isEqualTo(new BreakerStatus("CLOSED", 4, 0, 0f));
    }

    @Test
    void aBreakerOpenedByABusyDaemonSaysItIsBusyNotDown() {
        wm.stubFor(get("/api/version")
                .willReturn(aResponse()
                        .withStatus(503)
                        .withBody(
                                "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}")));
        ResilientOllamaDaemon daemon = daemon();
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(daemon::version).isInstanceOf(DaemonErrorException.class);
        }
        assertThatThrownBy(daemon::version)
                .isInstanceOf(CircuitOpenException.class)
                .hasMessageStartingWith(
                        "Ollama at " + wm.baseUrl() + " is busy (its request queue was full for 4 of the"
                                + " last 4 requests); pausing requests for ")
                .hasMessageNotContaining("ollama serve");
    }

    @Test
    void tooManyRequestsCountsAgainstTheHostAsBusyDoes() {
        // An OpenAI-compatible engine's "too many now": retried, and when it persists the host is paused.
        wm.stubFor(get("/api/version")
                .willReturn(aResponse()
                        .withStatus(429)
                        .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit\"}}")));
        ResilientOllamaDaemon daemon = daemon();
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(daemon::version).isInstanceOf(DaemonErrorException.class);
        }
        assertThatThrownBy(daemon::version).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void aModelsOwnErrorsNeverCountAgainstTheHost() {
        for (DaemonErrorException modelError : List.of(
                new DaemonErrorException(500, "llama runner process has terminated: exit status 2"),
                new DaemonErrorException(
                        500, "model requires more system memory (9.3 GiB) than is available (4.1 GiB)"),
                new DaemonErrorException(400, "the input length exceeds the context length"),
                new DaemonErrorException(200, "an error was encountered while running the model"))) {
            assertThat(ResilientOllamaDaemon.isHostFailure(modelError))
                    .as(modelError.getMessage())
                    .isFalse();
        }
        for (int status : new int[] {429, 502, 503, 504}) {
            assertThat(ResilientOllamaDaemon.isHostFailure(new DaemonErrorException(status, "x")))
                    .as("HTTP " + status)
                    .isTrue();
        }
    }

    @Test
    void aBreakerOpenedByRefusedConnectionsSaysToStartTheDaemon() throws IOException {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ResilientOllamaDaemon daemon = daemon("http://127.0.0.1:" + port, FAST);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(daemon::version).hasMessageContaining("start it with `ollama serve`");
        }
        assertThatThrownBy(daemon::version)
                .isInstanceOf(CircuitOpenException.class)
                .hasMessageStartingWith("Ollama is not reachable at http://127.0.0.1:" + port + " (4 of the last 4"
                        + " requests refused): start it with `ollama serve`; pausing requests for ");
    }

    @Test
    void aModelThatFailsToLoadDoesNotOpenTheBreaker() throws IOException {
        wm.stubFor(post("/api/chat")
                .willReturn(aResponse()
                        .withStatus(500)
                        .withBody("{\"error\":\"model requires more system memory (9.3 GiB) than is available"
                                + " (4.1 GiB)\"}")));
        ResilientOllamaDaemon daemon = daemon();
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> daemon.chat(chat(), text -> {}, new Cancellation()))
                    .isInstanceOf(DaemonErrorException.class)
                    .hasMessageContaining("more system memory");
        }
        assertThat(daemon.breakerStatus().state()).isEqualTo("CLOSED");
    }

    @Test
    void aCancelDuringTheBackOffEndsTheCallWithoutAnotherAttempt() throws Exception {
        wm.stubFor(post("/api/chat").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        ResilientOllamaDaemon daemon = daemon(
                wm.baseUrl(),
                new ResilienceSettings(3, Duration.ofMinutes(10), 2.0, 0.0, 50f, 4, 4, Duration.ofSeconds(30)));
        Cancellation cancellation = new Cancellation();
        java.util.concurrent.CompletableFuture<Throwable> outcome =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        daemon.chat(chat(), text -> {}, cancellation);
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                });
        Awaits.until(
                "the first attempt reached the server",
                () -> wm.getAllServeEvents().size() == 1);
        cancellation.cancel(); // from this thread, while the caller waits out a ten-minute back-off
        assertThat(outcome.get(5, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(CancelledException.class);
        assertThat(wm.getAllServeEvents()).hasSize(1);
        assertThat(daemon.breakerStatus().failedCalls()).isZero();
    }

    @Test
    void missingModelsDoNotOpenTheBreaker() {
        wm.stubFor(post("/api/show")
                .willReturn(aResponse().withStatus(404).withBody("{\"error\":\"model 'x' not found\"}")));
        ResilientOllamaDaemon daemon = daemon();
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> daemon.show("x")).isInstanceOf(ModelNotFoundException.class);
        }
        assertThat(daemon.breakerStatus().state()).isEqualTo("CLOSED");
    }

    @Test
    void aConnectTimeoutIsNotRetriedSoADeadHostFailsWithinOneTimeout() throws Exception {
        // A listening socket whose accept queue is full: the kernel drops further SYNs, like a
        // black-holed host, and connecting times out.
        try (java.net.ServerSocket full = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    java.net.Socket s = new java.net.Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(s);
                    } catch (IOException queueFull) {
                        s.close();
                    }
                }
                HttpOllamaDaemon http = new HttpOllamaDaemon(
                        OllamaHost.parse("127.0.0.1:" + full.getLocalPort()),
                        new Timeouts(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(5)));
                java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
                OllamaDaemon counted = (OllamaDaemon) java.lang.reflect.Proxy.newProxyInstance(
                        OllamaDaemon.class.getClassLoader(), new Class<?>[] {OllamaDaemon.class}, (proxy, m, args) -> {
                            if (m.getName().equals("version")) {
                                attempts.incrementAndGet();
                            }
                            try {
                                return m.invoke(http, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
                ResilientOllamaDaemon daemon = new ResilientOllamaDaemon(
                        counted,
                        new ResilienceSettings(3, Duration.ofMillis(200), 2, 0, 50f, 10, 10, Duration.ofSeconds(1)));
                assertThatThrownBy(daemon::version)
                        .isInstanceOf(DaemonUnreachableException.class)
                        .hasMessageContaining("did not accept a connection within 300ms (connect timeout)")
                        .matches(e -> !((DaemonUnreachableException) e).isRetriable());
                assertThat(attempts)
                        .as("one attempt: the wait is spent already")
                        .hasValue(1);
            } finally {
                for (java.net.Socket s : fillers) {
                    s.close();
                }
            }
        }
    }
}
