package dev.jollama.core.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.error.StreamBrokenException;
import dev.jollama.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The daemon client over {@code java.net.http} and Jackson. It exists beside ollama4j because jollama
 * needs what that library does not give (docs/architecture.md): a connect timeout distinct from the
 * first-byte and idle timeouts, the daemon's status and error text kept, {@code {"error":…}} lines
 * mid-stream treated as failures, and a stream that can be cancelled by closing its connection.
 */
public final class HttpOllamaDaemon implements OllamaDaemon {

    private static final ObjectMapper JSON = Json.wire();
    private static final String NDJSON_OR_JSON = "application/x-ndjson, application/json";

    private final OllamaHost host;
    private final Timeouts timeouts;
    private final HttpClient http;

    public HttpOllamaDaemon(OllamaHost host, Timeouts timeouts) {
        this.host = host;
        this.timeouts = timeouts;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeouts.connect())
                .build();
    }

    @Override
    public OllamaHost host() {
        return host;
    }

    @Override
    public String version() {
        return get("/api/version", JsonNode.class).path("version").asText("unknown");
    }

    @Override
    public List<InstalledModel> listModels() {
        return get("/api/tags", Models.class).installed();
    }

    @Override
    public List<RunningModel> runningModels() {
        return get("/api/ps", Running.class).running();
    }

    @Override
    public ModelInfo show(String model) {
        return exchange(post("/api/show", Map.of("model", model)), model, ModelInfo.class);
    }

    @Override
    public void pull(String model, Consumer<PullProgress> progress, Cancellation cancellation) {
        HttpResponse<InputStream> response =
                open(post("/api/pull", Map.of("model", model, "stream", true)), model, cancellation);
        readLines(response, cancellation, line -> {
            progress.accept(new PullProgress(line.status(), line.digest(), line.total(), line.completed()));
            return "success".equals(line.status());
        });
    }

    @Override
    public void delete(String model) {
        HttpRequest request = request("/api/delete")
                .method("DELETE", body(Map.of("model", model)))
                .build();
        exchange(request, model, JsonNode.class);
    }

    @Override
    public void load(String model, String keepAlive) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        if (keepAlive != null) {
            body.put("keep_alive", keepAlive);
        }
        exchange(post("/api/generate", body), model, JsonNode.class);
    }

    @Override
    public void unload(String model) {
        exchange(post("/api/generate", Map.of("model", model, "keep_alive", 0)), model, JsonNode.class);
    }

    @Override
    public Completion chat(ChatRequest request, StreamListener listener, Cancellation cancellation) {
        return answer(post("/api/chat", request), request.model(), listener, cancellation);
    }

    @Override
    public Completion generate(GenerateRequest request, StreamListener listener, Cancellation cancellation) {
        return answer(post("/api/generate", request), request.model(), listener, cancellation);
    }

    private Completion answer(HttpRequest request, String model, StreamListener listener, Cancellation cancellation) {
        HttpResponse<InputStream> response = open(request, model, cancellation);
        StringBuilder content = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        StreamLine[] last = new StreamLine[1];
        readLines(response, cancellation, line -> {
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
        });
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
    private void readLines(HttpResponse<InputStream> response, Cancellation cancellation, LineHandler handler) {
        InputStream body = response.body();
        Runnable closeBody = () -> closeQuietly(body);
        Runnable deregister = cancellation.onCancel(closeBody);
        try (IdleWatchdog watchdog = new IdleWatchdog(timeouts.idle(), closeBody);
                BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            try {
                String text;
                while ((text = reader.readLine()) != null) {
                    watchdog.touch();
                    if (text.isBlank()) {
                        continue;
                    }
                    StreamLine line = parseLine(text);
                    if (line.error() != null) {
                        throw new DaemonErrorException(response.statusCode(), line.error());
                    }
                    if (handler.accept(line)) {
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
        } catch (IOException closing) {
            // Only close() can land here; the stream has already been handled above.
        } finally {
            deregister.run();
        }
    }

    private static StreamLine parseLine(String text) {
        try {
            return JSON.readValue(text, StreamLine.class);
        } catch (JsonProcessingException e) {
            throw new StreamBrokenException("Ollama sent a line that is not JSON: " + abbreviate(text), e);
        }
    }

    private <T> T get(String path, Class<T> type) {
        return exchange(request(path).GET().build(), null, type);
    }

    private HttpRequest post(String path, Object payload) {
        return request(path).POST(body(payload)).build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(host.resolve(path))
                .timeout(timeouts.firstByte())
                .header("Content-Type", "application/json")
                .header("Accept", NDJSON_OR_JSON)
                .header("User-Agent", "jollama");
    }

    private static HttpRequest.BodyPublisher body(Object payload) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode request", e);
        }
    }

    /** A request with a single JSON answer: read it whole and map it. */
    private <T> T exchange(HttpRequest request, String model, Class<T> type) {
        HttpResponse<InputStream> response = open(request, model, new Cancellation());
        try (InputStream in = response.body()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0 || type == JsonNode.class && isBlank(bytes)) {
                return type == JsonNode.class ? type.cast(JSON.missingNode()) : JSON.readValue("{}", type);
            }
            return JSON.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new DaemonErrorException(response.statusCode(), "unreadable answer from " + request.uri());
        } catch (IOException e) {
            throw new StreamBrokenException("the connection to Ollama at " + host + " broke while reading", e);
        }
    }

    /**
     * Sends a request and waits for the status line. Failures before any answer byte are "unreachable"
     * (retriable); an error status becomes a typed exception carrying the daemon's own text.
     */
    private HttpResponse<InputStream> open(HttpRequest request, String model, Cancellation cancellation) {
        CompletableFuture<HttpResponse<InputStream>> pending =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        Runnable deregister = cancellation.onCancel(() -> pending.cancel(true));
        HttpResponse<InputStream> response;
        try {
            response = pending.get();
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (CancellationException e) {
            throw new CancelledException();
        } catch (ExecutionException e) {
            if (cancellation.isCancelled()) {
                throw new CancelledException();
            }
            throw failureBeforeAnswer(e.getCause());
        } finally {
            deregister.run();
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw errorStatus(status, readError(response), model);
        }
        return response;
    }

    private JollamaException failureBeforeAnswer(Throwable cause) {
        if (cause instanceof java.net.http.HttpConnectTimeoutException) {
            return new DaemonUnreachableException(host.uri(), cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new StreamBrokenException(
                    "Ollama at " + host + " did not answer within " + Durations.human(timeouts.firstByte())
                            + " (first-byte timeout; raise timeouts.firstByte in the config)",
                    cause);
        }
        return new DaemonUnreachableException(host.uri(), cause);
    }

    private static JollamaException errorStatus(int status, String text, String model) {
        if (status == 404 && model != null && text.contains("not found")) {
            return new ModelNotFoundException(model);
        }
        return new DaemonErrorException(status, text);
    }

    private static String readError(HttpResponse<InputStream> response) {
        String raw;
        try (InputStream in = response.body()) {
            raw = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "HTTP " + response.statusCode();
        }
        try {
            JsonNode error = JSON.readTree(raw).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
        } catch (JsonProcessingException notJson) {
            // Proxies and very old daemons answer in plain text: show that text as it is.
        }
        return raw.isEmpty() ? "HTTP " + response.statusCode() : abbreviate(raw);
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

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Closing is how we abort; a failure to close changes nothing for the user.
        }
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
