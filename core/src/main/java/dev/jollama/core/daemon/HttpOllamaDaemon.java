package dev.jollama.core.daemon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.error.StreamBrokenException;
import dev.jollama.core.error.TlsFailureException;
import dev.jollama.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;

/**
 * The daemon client over {@code HttpURLConnection} and Jackson. It exists beside ollama4j because
 * jollama needs what that library does not give (docs/architecture.md): a connect timeout distinct
 * from the first-byte and idle timeouts, the daemon's status and error text kept, {@code {"error":…}}
 * lines mid-stream treated as failures, and a stream that can be cancelled by closing its connection.
 * {@code HttpURLConnection} rather than {@code java.net.http}: on JDK 17 the latter costs ~160 ms to
 * build and ~300 ms more to exit, per process (docs/performance.md).
 */
public final class HttpOllamaDaemon implements OllamaDaemon {

    static {
        // HttpURLConnection otherwise re-sends a POST by itself when a kept-alive connection fails on
        // the first read; retrying is ResilientOllamaDaemon's decision alone.
        if (System.getProperty("sun.net.http.retryPost") == null) {
            System.setProperty("sun.net.http.retryPost", "false");
        }
    }

    // Streaming and request bodies use the token level only; databind (Json.wire()) is loaded on
    // first use by the single-answer endpoints, so `run` does not pay for it.
    private static final JsonFactory TOKENS = new JsonFactory();
    private static final StreamLineParser LINES = new StreamLineParser();
    private static final RequestJson REQUESTS = new RequestJson(TOKENS);

    private final OllamaHost host;
    private final Timeouts timeouts;
    private final HttpSettings settings;

    public HttpOllamaDaemon(OllamaHost host, Timeouts timeouts) {
        this(host, timeouts, HttpSettings.DEFAULT);
    }

    public HttpOllamaDaemon(OllamaHost host, Timeouts timeouts, HttpSettings settings) {
        this.host = host;
        this.timeouts = timeouts;
        this.settings = settings;
    }

    @Override
    public OllamaHost host() {
        return host;
    }

    @Override
    public String version() {
        return exchange("GET", "/api/version", null, null, JsonNode.class)
                .path("version")
                .asText("unknown");
    }

    @Override
    public List<InstalledModel> listModels() {
        return exchange("GET", "/api/tags", null, null, Models.class).installed();
    }

    @Override
    public List<RunningModel> runningModels() {
        return exchange("GET", "/api/ps", null, null, Running.class).running();
    }

    @Override
    public ModelInfo show(String model) {
        return exchange("POST", "/api/show", Map.of("model", model), model, ModelInfo.class);
    }

    @Override
    public void pull(String model, Consumer<PullProgress> progress, Cancellation cancellation) {
        HttpURLConnection connection =
                open("POST", "/api/pull", Map.of("model", model, "stream", true), model, cancellation);
        readLines(
                connection,
                cancellation,
                line -> {
                    progress.accept(new PullProgress(line.status(), line.digest(), line.total(), line.completed()));
                    return "success".equals(line.status());
                },
                () -> {});
    }

    @Override
    public void delete(String model) {
        exchange("DELETE", "/api/delete", Map.of("model", model), model, JsonNode.class);
    }

    @Override
    public void load(String model, String keepAlive) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        if (keepAlive != null) {
            body.put("keep_alive", keepAlive);
        }
        exchange("POST", "/api/generate", body, model, JsonNode.class);
    }

    @Override
    public void unload(String model) {
        exchange("POST", "/api/generate", Map.of("model", model, "keep_alive", 0), model, JsonNode.class);
    }

    @Override
    public Completion chat(ChatRequest request, StreamListener listener, Cancellation cancellation) {
        return answer("/api/chat", request, request.model(), listener, cancellation);
    }

    @Override
    public Completion generate(GenerateRequest request, StreamListener listener, Cancellation cancellation) {
        return answer("/api/generate", request, request.model(), listener, cancellation);
    }

    private Completion answer(
            String path, Object request, String model, StreamListener listener, Cancellation cancellation) {
        HttpURLConnection connection = open("POST", path, request, model, cancellation);
        StringBuilder content = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        StreamLine[] last = new StreamLine[1];
        readLines(
                connection,
                cancellation,
                line -> {
                    String thought = line.thinkingText();
                    if (thought != null && !thought.isEmpty()) {
                        thinking.append(thought);
                        listener.onThinking(thought);
                    }
                    String text = line.contentText();
                    if (text != null && !text.isEmpty()) {
                        content.append(text);
                        listener.onContent(text);
                    }
                    last[0] = line;
                    return line.done();
                },
                listener::onPause);
        StreamLine end = last[0];
        return new Completion(
                end.model() != null ? end.model() : model,
                content.toString(),
                thinking.isEmpty() ? null : thinking.toString(),
                end.doneReason(),
                end.totalDuration(),
                end.loadDuration(),
                end.promptEvalCount(),
                end.promptEvalDuration(),
                end.evalCount(),
                end.evalDuration());
    }

    /** Reads NDJSON lines until {@code handler} says the stream is done, an error line, or the end. */
    private void readLines(
            HttpURLConnection connection, Cancellation cancellation, LineHandler handler, Runnable onPause) {
        // Closing the socket is what tells the daemon to stop; closing the stream would drain it first.
        Runnable hangUp = connection::disconnect;
        Runnable deregister = cancellation.onCancel(hangUp);
        boolean complete = false;
        try (IdleWatchdog watchdog = new IdleWatchdog(timeouts.idle(), hangUp)) {
            try (InputStream in = new PausingInputStream(connection.getInputStream(), onPause, watchdog::touch);
                    JsonParser parser = TOKENS.createParser(in)) {
                StreamLine line;
                while ((line = LINES.next(parser)) != null) {
                    if (line.error() != null) {
                        throw new DaemonErrorException(200, line.error());
                    }
                    if (handler.accept(line)) {
                        complete = true;
                        return;
                    }
                }
            } catch (IOException e) {
                if (cancellation.isCancelled()) {
                    throw new CancelledException();
                }
                if (watchdog.fired()) {
                    throw new StreamBrokenException(
                            "Ollama at " + host + " sent nothing for " + Durations.human(timeouts.idle())
                                    + " (idle timeout); the answer is incomplete",
                            e);
                }
                if (e instanceof JsonProcessingException json && !(e instanceof JsonEOFException)) {
                    throw new StreamBrokenException(
                            "Ollama sent something that is not JSON: " + json.getOriginalMessage(), e);
                }
                throw new StreamBrokenException(
                        "the connection to Ollama at " + host + " broke mid-stream; the answer is incomplete", e);
            }
            if (cancellation.isCancelled()) {
                throw new CancelledException();
            }
            throw new StreamBrokenException(
                    "Ollama at " + host + " closed the connection before the end of the stream; the answer is"
                            + " incomplete",
                    null);
        } finally {
            deregister.run();
            if (!complete) {
                connection.disconnect();
            }
        }
    }

    /** A request with a single JSON answer: read it whole and map it. */
    private <T> T exchange(String method, String path, Object body, String model, Class<T> type) {
        HttpURLConnection connection = open(method, path, body, model, new Cancellation());
        try (InputStream in = connection.getInputStream()) {
            byte[] bytes = in.readAllBytes();
            if (isBlank(bytes)) {
                return type == JsonNode.class
                        ? type.cast(Json.wire().missingNode())
                        : Json.wire().readValue("{}", type);
            }
            return Json.wire().readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new DaemonErrorException(200, "unreadable answer from " + host.resolve(path));
        } catch (SocketTimeoutException e) {
            throw firstByteTimeout(e);
        } catch (IOException e) {
            throw new StreamBrokenException("the connection to Ollama at " + host + " broke while reading", e);
        }
    }

    /**
     * Sends a request and waits for the status line. Failures before any answer byte are "unreachable"
     * (retriable); an error status becomes a typed exception carrying the daemon's own text.
     */
    private HttpURLConnection open(String method, String path, Object body, String model, Cancellation cancellation) {
        HttpURLConnection connection;
        byte[] payload;
        try {
            connection = (HttpURLConnection) host.resolve(path).toURL().openConnection();
            payload = body == null ? null : REQUESTS.write(body);
        } catch (IOException e) {
            throw new DaemonUnreachableException(host.uri(), e);
        }
        connection.setConnectTimeout(millis(timeouts.connect()));
        // The first-byte wait; between chunks the idle watchdog takes over. It is fixed when the
        // connection opens: HttpURLConnection ignores a read timeout set after connect().
        connection.setReadTimeout(millis(timeouts.firstByte()));
        connection.setUseCaches(false);
        // Ollama never redirects; a proxy that does would get the API key sent on to wherever it points.
        connection.setInstanceFollowRedirects(false);
        if (connection instanceof HttpsURLConnection https && settings.tlsSockets() != null) {
            https.setSSLSocketFactory(settings.tlsSockets());
        }
        connection.setRequestProperty("Accept", "application/x-ndjson, application/json");
        connection.setRequestProperty("User-Agent", "jollama");
        if (settings.apiKey() != null) {
            connection.setRequestProperty("Authorization", settings.apiKey().authorization());
        }
        Consumer<String> trace = settings.trace();
        if (trace != null) {
            trace.accept("> " + method + " " + connection.getURL()
                    + (payload == null ? "" : " (" + payload.length + " bytes)"));
            if (settings.apiKey() != null) {
                trace.accept("> Authorization: " + settings.apiKey().redacted());
            }
        }
        long started = System.nanoTime();
        Runnable deregister = cancellation.onCancel(connection::disconnect);
        int status;
        try {
            connection.setRequestMethod(method);
            if (payload != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                connection.setFixedLengthStreamingMode(payload.length);
            }
            try {
                connect(connection);
            } catch (SocketTimeoutException e) {
                // The whole connect timeout is spent already: a host that drops packets.
                connection.disconnect();
                throw new DaemonUnreachableException(host.uri(), e, false);
            }
            if (payload != null) {
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(payload);
                }
            }
            status = connection.getResponseCode();
            if (trace != null) {
                trace.accept("< " + status + " " + Objects.toString(connection.getContentType(), "") + " after "
                        + (System.nanoTime() - started) / 1_000_000 + " ms");
            }
        } catch (SSLException e) {
            connection.disconnect();
            throw new TlsFailureException(host.uri(), e);
        } catch (SocketTimeoutException e) {
            connection.disconnect();
            throw firstByteTimeout(e);
        } catch (IOException e) {
            connection.disconnect();
            if (cancellation.isCancelled()) {
                throw new CancelledException();
            }
            throw new DaemonUnreachableException(host.uri(), e);
        } finally {
            deregister.run();
        }
        if (cancellation.isCancelled()) {
            connection.disconnect();
            throw new CancelledException();
        }
        if (status / 100 == 3) {
            String location = connection.getHeaderField("Location");
            connection.disconnect();
            throw new DaemonErrorException(
                    status,
                    "HTTP " + status + " redirect to " + location + " (not followed): set OLLAMA_HOST or --host to"
                            + " the address Ollama answers at");
        }
        if (status / 100 != 2) {
            String text = readError(connection);
            throw errorStatus(status, text, model);
        }
        return connection;
    }

    /**
     * Opens the connection; for https that includes the TLS handshake, whose reads would otherwise wait
     * out the first-byte timeout: a plain-http daemon never answers a handshake. The idle watchdog
     * hangs up once the connect timeout has passed instead.
     */
    private void connect(HttpURLConnection connection) throws IOException {
        if (!host.isEncrypted()) {
            connection.connect();
            return;
        }
        try (IdleWatchdog handshake = new IdleWatchdog(timeouts.connect(), connection::disconnect)) {
            try {
                connection.connect();
            } catch (IOException e) {
                if (handshake.fired() && !(e instanceof SocketTimeoutException)) {
                    throw new TlsFailureException(
                            host.uri(),
                            host + " did not complete a TLS handshake within " + Durations.human(timeouts.connect())
                                    + ": if it serves plain http, use http://",
                            e);
                }
                throw e;
            }
        }
    }

    private StreamBrokenException firstByteTimeout(Exception cause) {
        return new StreamBrokenException(
                "Ollama at " + host + " did not answer within " + Durations.human(timeouts.firstByte())
                        + " (first-byte timeout; raise timeouts.firstByte in the config)",
                cause);
    }

    private JollamaException errorStatus(int status, String text, String model) {
        if (status == 404 && model != null && text.contains("not found")) {
            return new ModelNotFoundException(model);
        }
        if (status == 401 || status == 403) {
            String key = settings.apiKey() == null
                    ? "set JOLLAMA_API_KEY or OLLAMA_API_KEY to the key it wants"
                    : "the key in " + settings.apiKey().source() + " was refused";
            return new DaemonErrorException(status, text + " (HTTP " + status + " from " + host + ": " + key + ")");
        }
        return new DaemonErrorException(status, text);
    }

    private static String readError(HttpURLConnection connection) {
        String raw;
        try (InputStream in = connection.getErrorStream()) {
            raw = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            raw = "";
        }
        int status;
        try {
            status = connection.getResponseCode();
        } catch (IOException e) {
            status = -1;
        }
        try {
            JsonNode error = Json.wire().readTree(raw).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
        } catch (JsonProcessingException notJson) {
            // Proxies and very old daemons answer in plain text: show that text as it is.
        }
        return raw.isEmpty() ? "HTTP " + status : abbreviate(raw);
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    @FunctionalInterface
    private interface LineHandler {
        /** Returns true when this line ends the stream. */
        boolean accept(StreamLine line);
    }

    private record Models(List<InstalledModel> models) {
        List<InstalledModel> installed() {
            return models == null ? List.of() : models;
        }
    }

    private record Running(List<RunningModel> models) {
        List<RunningModel> running() {
            return models == null ? List.of() : models;
        }
    }
}
