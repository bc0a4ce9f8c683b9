package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A web server where the daemon should be (`python3 -m http.server` at OLLAMA_HOST): one line saying so. */
class ForeignServerIT {

    @TempDir
    Path home;

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers as Python's http.server does: 404 for a GET of a path it has no file for, 501 for a POST. */
    private String pythonHttpServer() throws IOException {
        return serve(true);
    }

    /** A web app that answers every path with its page, status 200. */
    private String webApp() throws IOException {
        return serve(false);
    }

    private String serve(boolean errors) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int status = !errors ? 200 : exchange.getRequestMethod().equals("GET") ? 404 : 501;
            byte[] page = (errors
                            ? errorPage(status)
                            : "<!doctype html>\n<html><body><div id=app></div></body></html>\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", errors ? "text/html;charset=utf-8" : "text/html");
            exchange.sendResponseHeaders(status, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String errorPage(int status) {
        return """
                <!DOCTYPE HTML>
                <html lang="en">
                    <head>
                        <meta charset="utf-8">
                        <title>Error response</title>
                    </head>
                    <body>
                        <h1>Error response</h1>
                        <p>Error code: %d</p>
                        <p>Message: File not found.</p>
                        <p>Error code explanation: %d - Nothing matches the given URI.</p>
                    </body>
                </html>
                """
                .formatted(status, status);
    }

    private static String notOllama(String url, int status, String type) {
        return "jollama: " + url + " answered HTTP " + status + " with " + type + ": it is not an Ollama daemon;"
                + " set OLLAMA_HOST or --host to the address Ollama answers at\n";
    }

    @Test
    void statusSaysWhatAnsweredAndThatItIsNoOllamaDaemon() throws IOException {
        String url = pythonHttpServer();
        Result r = new CliRunner(home).host(url).run("status");
        assertThat(r.exitCode()).isEqualTo(69);
        assertThat(r.out()).isEqualTo("host:      " + url + "\ndaemon:    not an Ollama daemon (below)\n");
        assertThat(r.err()).isEqualTo(notOllama(url, 404, "text/html"));
    }

    @Test
    void everyCommandSaysItInOneLine() throws IOException {
        String url = pythonHttpServer();
        for (String[] args : new String[][] {{"list"}, {"ps"}, {"show", "phi3"}, {"run", "phi3", "hi"}}) {
            Result r = new CliRunner(home).host(url).run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(69);
            assertThat(r.err())
                    .as(String.join(" ", args))
                    .isEqualTo(notOllama(url, args.length == 1 ? 404 : 501, "text/html"));
        }
    }

    @Test
    void aPageWithStatus200IsNoAnswerEither() throws IOException {
        String url = webApp();
        Result list = new CliRunner(home).host(url).run("list");
        assertThat(list.exitCode()).isEqualTo(69);
        assertThat(list.err()).isEqualTo(notOllama(url, 200, "text/html"));
        Result run = new CliRunner(home).host(url).run("run", "phi3", "hi");
        assertThat(run.exitCode()).isEqualTo(69);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(notOllama(url, 200, "text/html"));
    }

    @Test
    void anOpenAiCompatibleHostIsNamedAsSuch() throws IOException {
        String url = pythonHttpServer() + "/v1";
        Result r = new CliRunner(home).host(url).run("--api", "openai", "list");
        assertThat(r.exitCode()).isEqualTo(69);
        assertThat(r.err())
                .isEqualTo("jollama: " + url + " answered HTTP 404 with text/html: it is not an OpenAI-compatible"
                        + " server; check the address (it usually ends in /v1)\n");
        Result status = new CliRunner(home).host(url).run("--api", "openai", "status");
        assertThat(status.out()).contains("daemon:    not an OpenAI-compatible server (below)\n");
    }
}
