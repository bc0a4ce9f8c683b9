package dev.jollama.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.jollama.core.daemon.ChatMessage;
import dev.jollama.core.daemon.ChatRequest;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.HttpOllamaDaemon;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.error.TlsFailureException;
import dev.jollama.core.fake.FakeOllama;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API key, https and what a proxy in between may try: redirects, refusals. */
class HttpSecurityTest {

    private final List<FakeOllama> fakes = new CopyOnWriteArrayList<>();
    private final List<String> trace = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        fakes.forEach(FakeOllama::close);
    }

    private FakeOllama fake(FakeOllama f) {
        fakes.add(f);
        return f;
    }

    private HttpOllamaDaemon daemon(String url, ApiKey key) {
        return new HttpOllamaDaemon(OllamaHost.parse(url), Timeouts.DEFAULT, new HttpSettings(key, null, trace::add));
    }

    @Test
    void theApiKeyIsSentAsABearerHeaderAndTheTraceRedactsIt() {
        FakeOllama fake = fake(FakeOllama.start());
        ApiKey key = keyFrom(Map.of("OLLAMA_API_KEY", "sk-secret-123"));
        daemon(fake.url(), key).listModels();
        assertThat(fake.requests("/api/tags").get(0).header("Authorization")).isEqualTo("Bearer sk-secret-123");
        assertThat(trace)
                .contains(
                        "> GET " + fake.url() + "/api/tags",
                        "> Authorization: Bearer <redacted: 13 characters from OLLAMA_API_KEY>")
                .anySatisfy(line -> assertThat(line).startsWith("< 200 application/json; charset=utf-8 after "));
        assertThat(String.join("\n", trace)).doesNotContain("sk-secret");
        assertThat(key.toString()).doesNotContain("sk-secret");
    }

    @Test
    void withoutAKeyNoAuthorizationHeaderIsSent() {
        FakeOllama fake = fake(FakeOllama.start());
        daemon(fake.url(), keyFrom(Map.of("OLLAMA_API_KEY", "  "))).version();
        assertThat(fake.requests("/api/version").get(0).header("Authorization")).isNull();
    }

    @Test
    void jollamasOwnVariableWinsOverOllamas() {
        ApiKey key = keyFrom(Map.of("OLLAMA_API_KEY", "a", "JOLLAMA_API_KEY", "b"));
        assertThat(key.source()).isEqualTo("JOLLAMA_API_KEY");
        assertThat(key.authorization()).isEqualTo("Bearer b");
    }

    @Test
    void aKeyWithALineBreakCannotAddHeaders() {
        assertThatThrownBy(() -> keyFrom(Map.of("OLLAMA_API_KEY", "abc\r\nX-Evil: 1")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("OLLAMA_API_KEY holds a space, a line break or a character outside printable ASCII"
                        + " at position 4: set it to the key alone");
    }

    @Test
    void httpsWorksAndStreamsWithATrustedCertificate() {
        FakeOllama fake = fake(FakeOllama.startHttps());
        assertThat(fake.url()).startsWith("https://");
        HttpOllamaDaemon daemon = new HttpOllamaDaemon(
                OllamaHost.parse(fake.url()),
                Timeouts.DEFAULT,
                new HttpSettings(null, FakeOllama.trustingSocketFactory(), null));
        StringBuilder streamed = new StringBuilder();
        Completion done = daemon.chat(
                new ChatRequest("llama3.2", List.of(ChatMessage.user("hi")), Map.of(), null, null, null, true),
                new StreamListener() {
                    @Override
                    public void onContent(String text) {
                        streamed.append(text);
                    }
                },
                new Cancellation());
        assertThat(streamed).hasToString("The sky is blue because of Rayleigh scattering.");
        assertThat(done.content()).isEqualTo(streamed.toString());
    }

    @Test
    void overHttpsTheFirstByteMayTakeLongerThanTheConnectTimeout() {
        FakeOllama fake = fake(FakeOllama.startHttps());
        fake.answer("llama3.2", FakeOllama.Answer.SLOW_FIRST_BYTE).firstByteDelay(1200);
        HttpOllamaDaemon daemon = new HttpOllamaDaemon(
                OllamaHost.parse(fake.url()),
                new Timeouts(Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofMinutes(2)),
                new HttpSettings(null, FakeOllama.trustingSocketFactory(), null));
        Completion done = daemon.chat(
                new ChatRequest("llama3.2", List.of(ChatMessage.user("hi")), Map.of(), null, null, null, true),
                StreamListener.IGNORE,
                new Cancellation());
        assertThat(done.content()).startsWith("The sky");
    }

    @Test
    void httpsUsesTheJdkTrustStoreWhichRefusesAnUnknownCertificateOnce() {
        FakeOllama fake = fake(FakeOllama.startHttps());
        HttpOllamaDaemon daemon = daemon(fake.url(), null);
        assertThatThrownBy(daemon::version)
                .isInstanceOf(TlsFailureException.class)
                .hasMessage("the TLS certificate of " + fake.url() + " is not trusted by this Java: import its CA"
                        + " into a trust store and pass JOLLAMA_JAVA_OPTS=-Djavax.net.ssl.trustStore=FILE"
                        + " (security.md in the documentation; jollama --help says where)")
                .satisfies(
                        e -> assertThat(((TlsFailureException) e).isRetriable()).isFalse());
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void httpsToAServerThatAnswersInPlainTextSaysSo() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread plain = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getInputStream().read(new byte[512]);
                } catch (IOException ignored) {
                    // the client hangs up once it sees this is not TLS
                }
            });
            plain.start();
            String url = "https://127.0.0.1:" + server.getLocalPort();
            assertThatThrownBy(() -> daemon(url, null).version())
                    .isInstanceOf(TlsFailureException.class)
                    .hasMessage(url + " does not speak TLS: use http:// for this daemon");
            plain.join(5000);
        }
    }

    @Test
    void httpsToAPlainDaemonThatWaitsForMoreCostsTheConnectTimeoutOnly() {
        FakeOllama fake = fake(FakeOllama.start());
        String url = fake.url().replace("http://", "https://");
        Timeouts timeouts = new Timeouts(Duration.ofMillis(300), Duration.ofMinutes(5), Duration.ofMinutes(2));
        HttpOllamaDaemon daemon = new HttpOllamaDaemon(OllamaHost.parse(url), timeouts, HttpSettings.DEFAULT);
        long started = System.nanoTime();
        assertThatThrownBy(daemon::version)
                .isInstanceOf(TlsFailureException.class)
                .hasMessage(url + " did not complete a TLS handshake within 300ms: if it serves plain http, use"
                        + " http://");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aRedirectIsNotFollowedSoTheKeyStaysWithTheHostItWasFor() {
        WireMockServer proxy = new WireMockServer(options().dynamicPort());
        proxy.start();
        try {
            proxy.stubFor(get("/api/version")
                    .willReturn(aResponse().withStatus(307).withHeader("Location", proxy.baseUrl() + "/elsewhere")));
            ApiKey key = keyFrom(Map.of("OLLAMA_API_KEY", "sk-1"));
            assertThatThrownBy(() -> daemon(proxy.baseUrl(), key).version())
                    .isInstanceOf(DaemonErrorException.class)
                    .hasMessage("Ollama: HTTP 307 redirect to " + proxy.baseUrl() + "/elsewhere (not followed): set"
                            + " OLLAMA_HOST or --host to the address Ollama answers at");
            proxy.verify(0, getRequestedFor(urlEqualTo("/elsewhere")));
        } finally {
            proxy.stop();
        }
    }

    @Test
    void aRefusalByAnAuthenticatingProxySaysWhichKeyToSet() {
        WireMockServer proxy = new WireMockServer(options().dynamicPort());
        proxy.start();
        try {
            proxy.stubFor(
                    get("/api/version").willReturn(aResponse().withStatus(401).withBody("Unauthorized")));
            assertThatThrownBy(() -> daemon(proxy.baseUrl(), null).version())
                    .hasMessage("Ollama: Unauthorized (HTTP 401 from " + proxy.baseUrl()
                            + ": set JOLLAMA_API_KEY or OLLAMA_API_KEY to the key it wants)");
            ApiKey key = keyFrom(Map.of("JOLLAMA_API_KEY", "wrong"));
            assertThatThrownBy(() -> daemon(proxy.baseUrl(), key).version())
                    .hasMessage("Ollama: Unauthorized (HTTP 401 from " + proxy.baseUrl()
                            + ": the key in JOLLAMA_API_KEY was refused)");
        } finally {
            proxy.stop();
        }
    }

    /** The key the settings take from this environment. */
    private static ApiKey keyFrom(Map<String, String> env) {
        return dev.jollama.core.settings.Settings.of(Map.of(), env, false).apiKey();
    }
}
