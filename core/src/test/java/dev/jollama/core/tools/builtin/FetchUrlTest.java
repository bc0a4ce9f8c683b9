package dev.jollama.core.tools.builtin;

import static dev.jollama.core.tools.builtin.Sandbox.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.Timeouts;
import dev.jollama.core.tools.ToolResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a web server on loopback: no test needs the network. */
class FetchUrlTest {

    static final String PAGE = "<!DOCTYPE html><html><head><title>Tea &amp; Biscuits</title>"
            + "<style>body { color: red }</style><script>var secret = '<p>no</p>';</script></head>"
            + "<body><h1>Brewing</h1><p>Warm   the\n pot &mdash; then <b>wait</b> 4&nbsp;min.</p>"
            + "<ul><li>Assam</li><li>Darjeeling &#x2615; &#8364;3</li></ul><!-- <p>a comment</p> -->"
            + "<noscript>enable js</noscript><p>5 &lt; 6 &amp;&amp; AT&T</p></body></html>";

    HttpServer server;
    String base;
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    FetchUrl tool = new FetchUrl(
            new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30)),
            1000,
            Duration.ofSeconds(30));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fetch-url-test");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/page", e -> send(e, 200, "text/html; charset=utf-8", PAGE));
        server.createContext("/plain", e -> {
            authorizations.add(String.valueOf(e.getRequestHeaders().getFirst("Authorization")));
            send(e, 200, "text/plain", "hello\n  world\n");
        });
        server.createContext("/json", e -> send(e, 200, "application/json", "{\"a\": [1, 2]}"));
        server.createContext(
                "/latin1",
                e -> send(e, 200, "text/plain; charset=ISO-8859-1", new byte[] {'c', 'a', 'f', (byte) 0xE9}));
        server.createContext("/big", e -> send(e, 200, "text/plain", "x".repeat(5000)));
        server.createContext("/image", e -> send(e, 200, "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0}));
        server.createContext("/untyped", e -> send(e, 200, null, new byte[] {'a', 0, 'b'}));
        server.createContext("/untyped-html", e -> send(e, 200, null, "  <html><body><p>sniffed</p></body></html>"));
        server.createContext("/missing", e -> send(e, 404, "text/plain", "no such page"));
        server.createContext("/redirect", e -> redirect(e, "/plain"));
        server.createContext("/loop", e -> redirect(e, "/loop"));
        server.createContext("/to-file", e -> redirect(e, "file:///etc/passwd"));
        server.createContext("/silent", e -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            e.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private static void send(HttpExchange e, int status, String type, String body) throws IOException {
        send(e, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange e, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            e.getResponseHeaders().set("Content-Type", type);
        }
        e.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(body);
        }
    }

    private static void redirect(HttpExchange e, String location) throws IOException {
        e.getResponseHeaders().set("Location", location);
        e.sendResponseHeaders(302, -1);
        e.close();
    }

    private ToolResult fetch(String url) {
        return tool.call(args("url", url), new Cancellation());
    }

    @Test
    void anHtmlPageComesBackAsItsReadableText() {
        ToolResult result = fetch(base + "/page");
        assertThat(result.error()).as(result.content()).isFalse();
        assertThat(result.content())
                .isEqualTo("Tea & Biscuits\n\nBrewing\n\nWarm the pot — then wait 4 min.\n\nAssam\nDarjeeling ☕ €3\n\n"
                        + "5 < 6 && AT&T");
    }

    @Test
    void otherTextComesBackAsItIsInItsCharset() {
        assertThat(fetch(base + "/plain")).isEqualTo(ToolResult.ok("hello\n  world\n"));
        assertThat(fetch(base + "/json")).isEqualTo(ToolResult.ok("{\"a\": [1, 2]}"));
        assertThat(fetch(base + "/latin1")).isEqualTo(ToolResult.ok("café"));
        assertThat(fetch(base + "/untyped-html")).isEqualTo(ToolResult.ok("sniffed"));
        // jollama's API key, or any credential, is never sent to a web server.
        assertThat(authorizations).containsExactly("null");
    }

    @Test
    void theBodyIsCappedWithANote() {
        assertThat(fetch(base + "/big"))
                .isEqualTo(ToolResult.ok("x".repeat(1000) + "\n[cut: only the first 1000 bytes of the page was read]"));
    }

    @Test
    void binaryContentIsRefused() {
        assertThat(fetch(base + "/image"))
                .isEqualTo(ToolResult.error(base + "/image is image/png, not text: not fetched"));
        assertThat(fetch(base + "/untyped"))
                .isEqualTo(ToolResult.error(base + "/untyped is binary, not text: not fetched"));
    }

    @Test
    void redirectsAreFollowedAFewTimesToHttpOnly() {
        assertThat(fetch(base + "/redirect"))
                .isEqualTo(ToolResult.ok("hello\n  world\n[fetched from " + base + "/plain after 1 redirect(s)]"));
        assertThat(fetch(base + "/loop"))
                .isEqualTo(ToolResult.error("more than 5 redirects from " + base + "/loop: not followed further"));
        assertThat(fetch(base + "/to-file"))
                .isEqualTo(ToolResult.error("redirected by " + base + "/to-file: only http:// and https:// URLs are"
                        + " fetched: file:///etc/passwd is refused"));
    }

    @Test
    void anHttpErrorIsAnErrorResultWithWhatTheServerSaid() {
        assertThat(fetch(base + "/missing"))
                .isEqualTo(ToolResult.error("HTTP 404 from " + base + "/missing:\nno such page"));
    }

    @Test
    void schemesOtherThanHttpAreRefusedBeforeAnythingIsSent() {
        assertThat(fetch("file:///etc/passwd"))
                .isEqualTo(
                        ToolResult.error("only http:// and https:// URLs are fetched: file:///etc/passwd is refused"));
        assertThat(fetch("ftp://127.0.0.1/x").content()).endsWith("ftp://127.0.0.1/x is refused");
        assertThat(fetch("javascript:alert(1)").content()).endsWith("javascript:alert(1) is refused");
        assertThat(fetch("/relative/path").content()).endsWith("/relative/path is refused");
        assertThat(fetch("http:///nohost")).isEqualTo(ToolResult.error("the URL http:///nohost has no host"));
        assertThat(fetch("http://user:pw@127.0.0.1/").content()).endsWith("has a user name or password in it: refused");
        assertThat(fetch("not a url").content()).startsWith("not a valid URL: not a url");
        assertThat(tool.preview(args("url", "file:///etc/passwd")).summary())
                .startsWith("fetch_url (will fail: only http:// and https://");
        assertThat(tool.call(args("url", 5), new Cancellation()))
                .isEqualTo(ToolResult.error("field 'url' must be a string, not a number (5)"));
    }

    @Test
    void aRefusedConnectionIsToldOfTheServerNotOfOllama() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(fetch("http://127.0.0.1:" + port + "/"))
                .isEqualTo(ToolResult.error("connection refused by 127.0.0.1:" + port));
    }

    @Test
    void aCancelFromAnotherThreadEndsAFetchFromASilentServer() throws Exception {
        Cancellation cancellation = new Cancellation();
        CompletableFuture<ToolResult> call =
                CompletableFuture.supplyAsync(() -> tool.call(args("url", base + "/silent"), cancellation));
        Thread.sleep(300);
        CompletableFuture.runAsync(cancellation::cancel).get(10, TimeUnit.SECONDS);
        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(ToolResult.error("cancelled"));
    }

    @Test
    void aSilentServerTimesOut() {
        FetchUrl impatient = new FetchUrl(
                new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofMillis(300)),
                1000,
                Duration.ofSeconds(30));
        assertThat(impatient.call(args("url", base + "/silent"), new Cancellation()))
                .isEqualTo(ToolResult.error("127.0.0.1:" + server.getAddress().getPort() + " did not answer in time"));
    }
}
