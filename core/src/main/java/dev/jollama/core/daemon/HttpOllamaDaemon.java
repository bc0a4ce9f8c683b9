package dev.jollama.core.daemon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.error.SignInRequiredException;
import dev.jollama.core.error.StreamBrokenException;
import dev.jollama.core.http.AnswerSize;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.ErrorStatus;
import dev.jollama.core.http.HttpCall;
import dev.jollama.core.http.HttpSettings;
import dev.jollama.core.http.HttpTransport;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.PausingInputStream;
import dev.jollama.core.http.Timeouts;
import dev.jollama.core.json.Json;
import dev.jollama.core.json.JsonProblem;
import dev.jollama.core.text.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Ollama's endpoints mapped onto {@link HttpTransport}: request bodies, NDJSON streams, status codes
 * and error texts into typed exceptions. It exists beside ollama4j because jollama needs what that
 * library does not give (docs/architecture.md): connect, first-byte and idle timeouts, the daemon's
 * status and error text kept, {@code {"error":…}} lines mid-stream treated as failures, and a request
 * that a cancel stops in every phase.
 */
public final class HttpOllamaDaemon implements OllamaDaemon {

    // Streaming and request bodies use the token level only; databind (Json.wire()) is loaded on
    // first use by the single-answer endpoints, so `run` does not pay for it.
    private static final JsonFactory TOKENS = Json.tokens();
    private static final StreamLineParser LINES = new StreamLineParser();
    private static final RequestJson REQUESTS = new RequestJson(TOKENS);
    private static final ListingJson LISTINGS = new ListingJson(TOKENS);

    private final OllamaHost host;
    private final HttpTransport transport;
    private final ErrorStatus errors;
    private final long keep;

    public HttpOllamaDaemon(OllamaHost host, Timeouts timeouts) {
        this(host, timeouts, HttpSettings.DEFAULT);
    }

    public HttpOllamaDaemon(OllamaHost host, Timeouts timeouts, HttpSettings settings) {
        this(host, timeouts, settings, KeptText.DEFAULT_LIMIT);
    }

    /**
     * {@code keep}: the most of a streamed answer (and of its thinking) kept, in UTF-8 bytes; the
     * listener is given all of it. A non-streamed answer arrives as one value and is kept whole (up to
     * {@link Json#MAX_TEXT_CHARS}).
     */
    public HttpOllamaDaemon(OllamaHost host, Timeouts timeouts, HttpSettings settings, long keep) {
        this.host = host;
        this.keep = keep;
        this.transport = new HttpTransport(host, timeouts, settings);
        this.errors = new ErrorStatus(
                "Ollama",
                host,
                settings.apiKey(),
                "set JOLLAMA_API_KEY or OLLAMA_API_KEY to the key it wants",
                "set OLLAMA_HOST or --host to the address Ollama answers at",
                "",
                HttpOllamaDaemon::errorText,
                HttpOllamaDaemon::missingModel,
                "it is not an Ollama daemon; set OLLAMA_HOST or --host to the address Ollama answers at",
                HttpOllamaDaemon::signIn);
    }

    @Override
    public OllamaHost host() {
        return host;
    }

    @Override
    public String version() {
        return listing("/api/version", LISTINGS::version);
    }

    @Override
    public List<InstalledModel> listModels() {
        return listing("/api/tags", LISTINGS::installed);
    }

    @Override
    public List<RunningModel> runningModels() {
        return listing("/api/ps", LISTINGS::running);
    }

    @Override
    public ModelInfo show(String model) {
        return exchange("POST", "/api/show", Map.of("model", model), model, ModelInfo.class);
    }

    @Override
    public void pull(String model, Consumer<PullProgress> progress, Cancellation cancellation) {
        // Cloud names in the spelling every daemon with cloud models pulls (their stub), as Ollama's client sends it.
        String name =
                model == null || model.isBlank() ? model : ModelRef.parse(model).pullName();
        HttpCall call = open("POST", "/api/pull", Map.of("model", name, "stream", true), model, cancellation);
        try {
            readLines(
                    call,
                    line -> {
                        progress.accept(new PullProgress(line.status(), line.digest(), line.total(), line.completed()));
                        return "success".equals(line.status());
                    },
                    () -> {});
        } catch (DaemonErrorException e) {
            // The registry's answer for a name it does not know, relayed mid-stream with status 200.
            if (e.daemonMessage().contains("file does not exist")
                    || e.daemonMessage().contains("manifest unknown")) {
                throw ModelNotFoundException.notInRegistry(model, e.daemonMessage());
            }
            throw e;
        }
    }

    @Override
    public void delete(String model) {
        exchange("DELETE", "/api/delete", Map.of("model", model), model, JsonNode.class);
    }

    /** A cloud model is never loaded here (Ollama's own client skips it): a load would be a call to ollama.com. */
    @Override
    public void load(String model, String keepAlive) {
        if (ModelRef.isCloud(model)) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        if (keepAlive != null) {
            body.put("keep_alive", Durations.keepAliveJson(keepAlive));
        }
        exchange("POST", "/api/generate", body, model, JsonNode.class);
    }

    @Override
    public void unload(String model) {
        if (ModelRef.isCloud(model)) {
            return; // nothing of it is in this daemon's memory
        }
        exchange("POST", "/api/generate", Map.of("model", model, "keep_alive", 0), model, JsonNode.class);
    }

    @Override
    public Completion chat(ChatRequest request, StreamListener listener, Cancellation cancellation) {
        return answer("/api/chat", request, request.model(), request.stream(), listener, cancellation);
    }

    @Override
    public Completion generate(GenerateRequest request, StreamListener listener, Cancellation cancellation) {
        return answer("/api/generate", request, request.model(), request.stream(), listener, cancellation);
    }

    @Override
    public EmbedResult embed(EmbedRequest request, Cancellation cancellation) {
        HttpCall call = open("POST", "/api/embed", request, request.model(), cancellation);
        EmbedResult result;
        // Read with the token parser into float arrays: a batch of vectors is large, and databind would
        // hold every number as a boxed Double first.
        try (call;
                JsonParser parser = TOKENS.createParser(call.wholeBody(AnswerSize.MAX_EMBEDDINGS))) {
            result = readEmbeddings(parser, request.model());
        } catch (IOException e) {
            throw readFailure(call, e);
        }
        if (result.embeddings().size() != request.input().size()) {
            throw new StreamBrokenException(
                    "Ollama at " + host + " answered " + result.embeddings().size() + " embeddings for "
                            + request.input().size() + " inputs",
                    null);
        }
        return result;
    }

    private EmbedResult readEmbeddings(JsonParser parser, String requested) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new StreamBrokenException("Ollama at " + host + " closed the connection without an answer", null);
        }
        if (first != JsonToken.START_OBJECT) {
            throw new StreamBrokenException("Ollama sent " + first.asString() + " where an object was expected", null);
        }
        String model = requested;
        List<float[]> vectors = new ArrayList<>();
        long total = 0;
        long load = 0;
        int tokens = 0;
        String error = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "model" -> model = value == JsonToken.VALUE_STRING ? parser.getText() : model;
                case "embeddings" -> {
                    if (value == JsonToken.START_ARRAY) {
                        while (parser.nextToken() == JsonToken.START_ARRAY) {
                            vectors.add(readVector(parser));
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                case "total_duration" -> total = parser.getValueAsLong();
                case "load_duration" -> load = parser.getValueAsLong();
                case "prompt_eval_count" -> tokens = parser.getValueAsInt();
                case "error" -> error = parser.getValueAsString();
                default -> parser.skipChildren();
            }
        }
        if (error != null) {
            throw new DaemonErrorException(200, error);
        }
        return new EmbedResult(model, vectors, total, load, tokens);
    }

    private static float[] readVector(JsonParser parser) throws IOException {
        float[] vector = new float[1024];
        int n = 0;
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null || !t.isNumeric()) {
                throw new StreamBrokenException(
                        "Ollama sent an embedding holding " + (t == null ? "the end" : t.asString())
                                + " where a number was expected",
                        null);
            }
            if (n == vector.length) {
                vector = Arrays.copyOf(vector, n * 2);
            }
            vector[n++] = parser.getFloatValue();
        }
        return Arrays.copyOf(vector, n);
    }

    private Completion answer(
            String path,
            Object request,
            String model,
            boolean streamed,
            StreamListener listener,
            Cancellation cancellation) {
        HttpCall call = open("POST", path, request, model, cancellation);
        // Streamed, the answer is printed as it comes and only its start is kept; whole, it is one value.
        long limit = streamed ? keep : Long.MAX_VALUE;
        KeptText content = new KeptText(limit);
        KeptText thinking = new KeptText(limit);
        List<ToolCall> calls = new ArrayList<>();
        StreamLine[] last = new StreamLine[1];
        try {
            readAnswer(call, content, thinking, calls, last, listener);
        } catch (DaemonErrorException e) {
            // An {"error":…} line mid-answer: the daemon's words, and that what arrived is not all.
            throw e.status() == 200 && last[0] != null
                    ? new DaemonErrorException(200, e.daemonMessage(), " (mid-answer: the answer is incomplete)")
                    : e;
        } catch (CancelledException e) {
            throw content.isEmpty() ? e : new CancelledException(content.text());
        }
        StreamLine end = last[0];
        return new Completion(
                end.model() != null ? end.model() : model,
                content.text(),
                thinking.textOrNull(),
                end.doneReason(),
                end.totalDuration(),
                end.loadDuration(),
                end.promptEvalCount(),
                end.promptEvalDuration(),
                end.evalCount(),
                end.evalDuration(),
                calls,
                content.isCut() || thinking.isCut());
    }

    private void readAnswer(
            HttpCall call,
            KeptText content,
            KeptText thinking,
            List<ToolCall> calls,
            StreamLine[] last,
            StreamListener listener) {
        readLines(
                call,
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
                    // Each call arrives whole, in a chunk of its own or with others; they add up over the answer.
                    if (line.toolCalls() != null) {
                        calls.addAll(line.toolCalls());
                    }
                    last[0] = line;
                    return line.done();
                },
                listener::onPause);
    }

    /** Reads NDJSON lines until {@code handler} says the stream is done, an error line, or the end. */
    private void readLines(HttpCall call, LineHandler handler, Runnable onPause) {
        // Closing the call closes the socket: the daemon sees the hang-up at once and stops.
        try (call;
                InputStream in = new PausingInputStream(call.body(), onPause);
                JsonParser parser = TOKENS.createParser(in)) {
            StreamLine line;
            while ((line = LINES.next(parser)) != null) {
                if (line.error() != null) {
                    throw new DaemonErrorException(200, line.error());
                }
                if (handler.accept(line)) {
                    return;
                }
            }
        } catch (IOException e) {
            throw readFailure(call, e);
        }
        if (call.isCancelled()) {
            throw new CancelledException();
        }
        throw new StreamBrokenException(
                "Ollama at " + host + " closed the connection before the end of the stream; the answer is"
                        + " incomplete",
                null);
    }

    private interface Reading<T> {
        T read(byte[] json) throws IOException;
    }

    /** A GET whose answer is read with the token parser ({@link ListingJson}), not databind. */
    private <T> T listing(String path, Reading<T> reading) {
        return whole("GET", path, null, null, reading);
    }

    /** A request with a single JSON answer, mapped by databind (blank: an empty object). */
    private <T> T exchange(String method, String path, Object body, String model, Class<T> type) {
        return whole(method, path, body, model, bytes -> {
            if (isBlank(bytes)) {
                return type == JsonNode.class
                        ? type.cast(Json.wire().missingNode())
                        : Json.wire().readValue("{}", type);
            }
            return Json.wire().readValue(bytes, type);
        });
    }

    /** Sends a request, reads the whole answer and maps it; an unreadable one is the daemon's error. */
    private <T> T whole(String method, String path, Object body, String model, Reading<T> reading) {
        try (HttpCall call = open(method, path, body, model, new Cancellation())) {
            byte[] bytes = call.readWhole(AnswerSize.MAX);
            try {
                return reading.read(bytes);
            } catch (StreamConstraintsException e) {
                throw tooLarge(e);
            } catch (IOException e) {
                throw new DaemonErrorException(200, "unreadable answer from " + host.resolve(path));
            }
        }
    }

    /**
     * Sends a request and waits for the status line; an error status becomes a typed exception carrying
     * the daemon's own text. The transport maps failures before any answer byte.
     */
    private HttpCall open(String method, String path, Object body, String model, Cancellation cancellation) {
        if (model != null && !model.isBlank()) {
            ModelRef.parse(model); // ":local" and ":cloud" together is refused here, before anything is sent
        }
        byte[] payload = body == null ? null : REQUESTS.write(body);
        return errors.check(transport.open(method, path, payload, cancellation), model);
    }

    /** What a failed read of an answer means: cancelled, too large, cut, or not JSON. */
    private static JollamaException readFailure(HttpCall call, IOException e) {
        if (e instanceof StreamConstraintsException limit) {
            return call.isCancelled() ? new CancelledException() : tooLarge(limit);
        }
        if (e instanceof JsonProcessingException json && !(e instanceof JsonEOFException)) {
            return call.isCancelled()
                    ? new CancelledException()
                    : new StreamBrokenException(
                            "Ollama sent something that is not JSON: " + JsonProblem.describe(json), e);
        }
        return call.failure(e);
    }

    private static StreamBrokenException tooLarge(StreamConstraintsException e) {
        return new StreamBrokenException(
                "Ollama's answer holds a value larger than jollama accepts (" + Json.MAX_TEXT_CHARS / (1024 * 1024)
                        + "M characters): " + e.getOriginalMessage(),
                e);
    }

    /** Ollama's {@code {"error":"…"}}; anything else is not its words. */
    private static Optional<String> errorText(String body) {
        try {
            JsonNode error = Json.wire().readTree(body).path("error");
            if (error.isTextual()) {
                return Optional.of(error.asText());
            }
        } catch (JsonProcessingException notJson) {
            // Proxies and very old daemons answer in plain text: show that text as it is.
        }
        return Optional.empty();
    }

    /**
     * A 404 says the model is missing only in Ollama's words; otherwise it is about the path. A cloud model
     * is never on the daemon's disk: its 404 means ollama.com has no such model (or a daemon too old for it).
     */
    private static Optional<ModelNotFoundException> missingModel(String model, String text) {
        if (!text.contains("not found")) {
            return Optional.empty();
        }
        if (ModelRef.isCloud(model)) {
            return Optional.of(new ModelNotFoundException(
                    model,
                    "no cloud model '" + model + "' (Ollama: " + text + "): check the name at"
                            + " https://ollama.com/search?c=cloud (an Ollama before 0.17.6 needs `jollama pull " + model
                            + "` first)"));
        }
        return Optional.of(new ModelNotFoundException(model));
    }

    /**
     * Ollama's 401 for a cloud model when the daemon is not signed in to ollama.com: a body with a
     * {@code signin_url}, or any 401 for a cloud model (its helper can fail to make the link); any other
     * 401 is about the key. Ollama's /v1 API answers the same way.
     */
    public static Optional<SignInRequiredException> signIn(String model, String body) {
        String link = null;
        try {
            JsonNode url = Json.wire().readTree(body).path("signin_url");
            link = url.isTextual() ? url.asText() : null;
        } catch (JsonProcessingException notJson) {
            // A proxy's text: no link in it.
        }
        return link != null || model != null && ModelRef.isCloud(model)
                ? Optional.of(new SignInRequiredException(link))
                : Optional.empty();
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    @FunctionalInterface
    private interface LineHandler {
        /** Returns true when this line ends the stream. */
        boolean accept(StreamLine line);
    }
}
