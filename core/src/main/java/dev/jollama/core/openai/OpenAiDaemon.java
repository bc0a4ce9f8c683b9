package dev.jollama.core.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.daemon.ChatRequest;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.EmbedRequest;
import dev.jollama.core.daemon.EmbedResult;
import dev.jollama.core.daemon.GenerateRequest;
import dev.jollama.core.daemon.HttpOllamaDaemon;
import dev.jollama.core.daemon.InstalledModel;
import dev.jollama.core.daemon.KeptText;
import dev.jollama.core.daemon.ModelInfo;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.daemon.PullProgress;
import dev.jollama.core.daemon.RequestJson;
import dev.jollama.core.daemon.RunningModel;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.daemon.ToolCall;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.error.StreamBrokenException;
import dev.jollama.core.error.UnsupportedByEngineException;
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
import dev.jollama.core.text.Excerpt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An OpenAI-compatible engine (vLLM, llama.cpp's server, LM Studio, LiteLLM, Ollama's own
 * {@code /v1}) behind the same interface as Ollama, on the same transport: the same timeouts, and a
 * cancel that closes the socket. Chat and single prompts stream as Server-Sent Events; what only
 * Ollama has (pull, ps, rm, load) is an {@link UnsupportedByEngineException}.
 */
public final class OpenAiDaemon implements OllamaDaemon {

    private static final RequestJson REQUESTS = new RequestJson(Json.tokens());
    private static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;
    private static final Map<String, String> SSE = Map.of("Accept", "text/event-stream");

    private final OllamaHost base;
    private final long keep;
    private final HttpSettings settings;
    private final HttpTransport transport;
    private final ErrorStatus errors;

    /** What an engine reached by this API is called in messages: it is not Ollama, whatever it is. */
    public static final String ENGINE = "the OpenAI-compatible server";

    private final String engine;

    /** {@code base}: the address the engine's endpoints hang from, usually ending in {@code /v1}. */
    public OpenAiDaemon(OllamaHost base, Timeouts timeouts, HttpSettings settings) {
        this(base, timeouts, settings, KeptText.DEFAULT_LIMIT);
    }

    /**
     * {@code keep}: the most of a streamed answer (and of its thinking) kept, in UTF-8 bytes; the
     * listener is given all of it. The engine always streams; a request that did not ask to is kept up
     * to {@link Json#MAX_TEXT_CHARS}, as Ollama's single answer is read.
     */
    public OpenAiDaemon(OllamaHost base, Timeouts timeouts, HttpSettings settings, long keep) {
        this.keep = keep;
        this.base = base;
        this.settings = settings;
        this.transport = new HttpTransport(base, timeouts, settings);
        // Engines word a missing model each their own way: a 404 on a request naming one means that.
        this.engine = ENGINE + " at " + base;
        this.errors = new ErrorStatus(
                engine,
                base,
                settings.apiKey(),
                "set the key it wants in the environment (JOLLAMA_API_KEY, OPENAI_API_KEY, or the host's"
                        + " \"apiKeyEnv\")",
                null,
                " (HTTP 404: is this the engine's /v1 address?)",
                OpenAiDaemon::errorBodyText,
                (model, text) -> Optional.of(notFound(model, text)),
                "it is not an OpenAI-compatible server; check the address (it usually ends in /v1)",
                // Only with Ollama's link: another engine's model may end in "-cloud" and mean nothing by it.
                (model, body) -> HttpOllamaDaemon.signIn(null, body));
    }

    @Override
    public String engine() {
        return engine;
    }

    @Override
    public OllamaHost host() {
        return base;
    }

    /** The API has no version endpoint; the model list is its cheapest "are you there". */
    @Override
    public String version() {
        models();
        return "OpenAI-compatible";
    }

    @Override
    public List<InstalledModel> listModels() {
        List<InstalledModel> out = new ArrayList<>();
        for (JsonNode m : models().path("data")) {
            String id = m.path("id").asText();
            long created = m.path("created").asLong(0);
            out.add(new InstalledModel(
                    id, id, created > 0 ? Instant.ofEpochSecond(created).toString() : null, 0, null, null));
        }
        return out;
    }

    private JsonNode models() {
        try (HttpCall call = open("GET", "/models", null, null, new Cancellation(), Map.of())) {
            try {
                return Json.wire().readTree(call.readWhole(AnswerSize.MAX));
            } catch (JsonProcessingException e) {
                throw new DaemonErrorException(200, engine, "its model list is not JSON", "");
            } catch (IOException e) {
                throw named(call.failure(e));
            }
        }
    }

    /**
     * Only whether the engine serves the model: the API describes nothing more, so the capabilities are
     * unknown (null) and a check before sending lets the request through; an engine not set up for tools
     * or thinking says so in its error answer.
     */
    @Override
    public ModelInfo show(String model) {
        for (InstalledModel m : listModels()) {
            if (m.name().equals(model)) {
                return new ModelInfo(null, null, null, null, Map.of(), null, m.modifiedAt(), null, null, null, null);
            }
        }
        throw notFound(model, "not in its model list");
    }

    @Override
    public List<RunningModel> runningModels() {
        throw new UnsupportedByEngineException("`ps`", base.toString());
    }

    @Override
    public void pull(String model, Consumer<PullProgress> progress, Cancellation cancellation) {
        throw new UnsupportedByEngineException("`pull`", base.toString());
    }

    @Override
    public void delete(String model) {
        throw new UnsupportedByEngineException("`rm`", base.toString());
    }

    @Override
    public void load(String model, String keepAlive) {
        throw new UnsupportedByEngineException("loading a model ahead", base.toString());
    }

    @Override
    public void unload(String model) {
        throw new UnsupportedByEngineException("`stop`", base.toString());
    }

    @Override
    public Completion chat(ChatRequest request, StreamListener listener, Cancellation cancellation) {
        return stream(
                request.model(),
                OpenAiRequests.chat(request, settings.trace()),
                keepOf(request.stream()),
                listener,
                cancellation);
    }

    @Override
    public Completion generate(GenerateRequest request, StreamListener listener, Cancellation cancellation) {
        return stream(
                request.model(),
                OpenAiRequests.generate(request, settings.trace()),
                keepOf(request.stream()),
                listener,
                cancellation);
    }

    private long keepOf(boolean streamed) {
        return streamed ? keep : Json.MAX_TEXT_CHARS;
    }

    /** {@code /v1/embeddings}: vectors back in input order (by "index"), usage as the token count. */
    @Override
    public EmbedResult embed(EmbedRequest request, Cancellation cancellation) {
        long started = System.nanoTime();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("model", request.model());
        body.put("input", request.input());
        if (request.dimensions() != null) {
            body.put("dimensions", request.dimensions());
        }
        try (HttpCall call = open("POST", "/embeddings", body, request.model(), cancellation, Map.of())) {
            JsonNode answer;
            try {
                answer = Json.wire().readTree(call.readWhole(AnswerSize.MAX_EMBEDDINGS));
            } catch (JsonProcessingException e) {
                throw new DaemonErrorException(200, engine, "its embeddings answer is not JSON", "");
            } catch (IOException e) {
                throw named(call.failure(e));
            }
            float[][] vectors = new float[request.input().size()][];
            for (JsonNode item : answer.path("data")) {
                int index = item.path("index").asInt(-1);
                if (index < 0 || index >= vectors.length) {
                    throw new DaemonErrorException(
                            200, engine, "an embedding for input " + index + " of " + vectors.length, "");
                }
                JsonNode values = item.path("embedding");
                float[] v = new float[values.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) values.get(i).asDouble();
                }
                vectors[index] = v;
            }
            for (int i = 0; i < vectors.length; i++) {
                if (vectors[i] == null) {
                    throw new DaemonErrorException(200, engine, "no embedding for input " + (i + 1), "");
                }
            }
            return new EmbedResult(
                    answer.path("model").asText(request.model()),
                    List.of(vectors),
                    System.nanoTime() - started,
                    0,
                    answer.path("usage").path("prompt_tokens").asInt(0));
        }
    }

    private Completion stream(
            String model, Map<String, Object> body, long keep, StreamListener listener, Cancellation cancellation) {
        long started = System.nanoTime();
        HttpCall call = open("POST", "/chat/completions", body, model, cancellation, SSE);
        Answer answer = new Answer(model, keep);
        try (call;
                InputStream in = new PausingInputStream(call.body(), listener::onPause)) {
            SseEvents events = new SseEvents(in, MAX_EVENT_BYTES);
            SseEvents.Event event;
            while ((event = events.next()) != null) {
                if (event.type().equals("error")) {
                    // An engine's failure as an event of its own (LiteLLM, proxies): its data says what.
                    throw answer.failed(errorEventText(event));
                }
                if (!event.type().equals("message")) {
                    continue; // a named event a chat completion stream does not define ("ping")
                }
                if (isDone(event.data())) {
                    return answer.completion(started);
                }
                answer.accept(parse(event.data(), call), listener);
            }
        } catch (JollamaException e) {
            throw call.isCancelled() ? answer.cancelled() : e;
        } catch (IOException e) {
            JollamaException failure = call.failure(e);
            throw failure instanceof CancelledException ? answer.cancelled() : named(failure);
        }
        if (call.isCancelled()) {
            throw answer.cancelled();
        }
        throw new StreamBrokenException(
                engine + " closed the connection before the end of the stream ([DONE]); the answer is incomplete",
                null);
    }

    private JsonNode parse(byte[] data, HttpCall call) {
        try {
            return Json.wire().readTree(data);
        } catch (IOException e) {
            if (call.isCancelled()) {
                throw new CancelledException();
            }
            throw new StreamBrokenException(
                    engine + " sent an event that is not JSON: "
                            + new String(data, 0, Math.min(data.length, 80), StandardCharsets.UTF_8),
                    e);
        }
    }

    /** An error event's data: the engine's JSON error shape, else its text as it came. */
    private static String errorEventText(SseEvents.Event event) {
        String text = "";
        try {
            text = errorText(Json.wire().readTree(event.data()));
        } catch (IOException notJson) {
            // plain words
        }
        if (text.isEmpty()) {
            text = event.text().strip();
        }
        return text.isEmpty() ? "an error event without words" : text;
    }

    private static boolean isDone(byte[] data) {
        return new String(data, StandardCharsets.US_ASCII).strip().equals("[DONE]");
    }

    /** What the chunks add up to: text, thinking, tool calls, the finish reason and the usage counters. */
    private final class Answer {
        private final KeptText content;
        private final KeptText thinking;
        // By the "index" each delta names: a call's id and name come first, its arguments in fragments.
        private final Map<Integer, PendingCall> calls = new TreeMap<>();
        private String model;
        private String finish;
        private int promptTokens;
        private int completionTokens;
        private long firstToken;

        Answer(String model, long keep) {
            this.model = model;
            this.content = new KeptText(keep);
            this.thinking = new KeptText(keep);
        }

        /** A stop part-way, carrying what arrived of the answer. */
        CancelledException cancelled() {
            return new CancelledException(content.text());
        }

        void accept(JsonNode chunk, StreamListener listener) {
            JsonNode error = chunk.path("error");
            if (!error.isMissingNode() && !error.isNull()) {
                throw failed(errorText(chunk));
            }
            if (chunk.hasNonNull("model")) {
                model = chunk.path("model").asText();
            }
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode delta = choice.path("delta");
                String thought = text(delta, "reasoning", "reasoning_content");
                if (!thought.isEmpty()) {
                    mark();
                    thinking.append(thought);
                    listener.onThinking(thought);
                }
                String text = text(delta, "content", null);
                if (!text.isEmpty()) {
                    mark();
                    content.append(text);
                    listener.onContent(text);
                }
                JsonNode toolCalls = delta.path("tool_calls");
                for (int i = 0; i < toolCalls.size(); i++) {
                    mark();
                    toolCallDelta(toolCalls.get(i), i);
                }
                if (choice.hasNonNull("finish_reason")) {
                    finish = choice.path("finish_reason").asText();
                }
            }
            JsonNode usage = chunk.path("usage");
            if (usage.isObject()) {
                promptTokens = usage.path("prompt_tokens").asInt(promptTokens);
                completionTokens = usage.path("completion_tokens").asInt(completionTokens);
            }
        }

        /** The engine's words for a failure mid-stream; marked incomplete once part of the answer came. */
        DaemonErrorException failed(String text) {
            return content.isEmpty() && calls.isEmpty()
                    ? new DaemonErrorException(200, engine, text, "")
                    : new DaemonErrorException(200, engine, text, " (mid-answer: the answer is incomplete)");
        }

        /**
         * One delta of a call: the first names it ({@code index}, {@code id}, {@code type},
         * {@code function.name}, {@code arguments: ""}), later ones with the same {@code index} append to
         * its arguments. A delta without an index (not seen from vLLM or llama.cpp) is taken by its place
         * in the array.
         */
        private void toolCallDelta(JsonNode delta, int position) {
            int index =
                    delta.path("index").canConvertToInt() && delta.path("index").isIntegralNumber()
                            ? delta.path("index").asInt()
                            : position;
            PendingCall call = calls.computeIfAbsent(index, PendingCall::new);
            if (delta.path("id").isTextual() && !delta.path("id").asText().isEmpty()) {
                call.id = delta.path("id").asText();
            }
            JsonNode function = delta.path("function");
            if (function.path("name").isTextual()
                    && !function.path("name").asText().isEmpty()) {
                call.name = function.path("name").asText();
            }
            JsonNode arguments = function.path("arguments");
            if (arguments.isTextual()) {
                call.arguments.append(arguments.asText());
            } else if (arguments.isObject()) {
                call.arguments.append(arguments); // an engine that sends the object itself
            }
        }

        private List<ToolCall> toolCalls() {
            List<ToolCall> out = new ArrayList<>(calls.size());
            for (PendingCall call : calls.values()) {
                out.add(call.toToolCall());
            }
            return out;
        }

        private void mark() {
            if (firstToken == 0) {
                firstToken = System.nanoTime();
            }
        }

        private String text(JsonNode delta, String name, String alternative) {
            JsonNode value = delta.path(name);
            if (!value.isTextual() && alternative != null) {
                value = delta.path(alternative);
            }
            return value.isTextual() ? value.asText() : "";
        }

        /** The engine reports no durations: jollama's own clock, from request to [DONE]. */
        Completion completion(long started) {
            long end = System.nanoTime();
            long eval = firstToken == 0 ? 0 : end - firstToken;
            return new Completion(
                    model,
                    content.text(),
                    thinking.textOrNull(),
                    finish,
                    end - started,
                    0,
                    promptTokens,
                    firstToken == 0 ? 0 : firstToken - started,
                    completionTokens,
                    eval,
                    toolCalls(),
                    content.isCut() || thinking.isCut());
        }
    }

    /** A call being streamed: its arguments are JSON only once every fragment has arrived. */
    private static final class PendingCall {
        private final int index;
        private final StringBuilder arguments = new StringBuilder();
        private String id;
        private String name;

        PendingCall(int index) {
            this.index = index;
        }

        /**
         * Arguments that are not a JSON object once joined stay as they came, with no tree: the model is
         * told what it wrote. None at all (a tool without parameters) are an empty object.
         */
        ToolCall toToolCall() {
            String raw = arguments.toString();
            JsonNode tree = null;
            if (raw.isBlank()) {
                tree = Json.wire().createObjectNode();
            } else {
                try {
                    JsonNode parsed = Json.wire().readTree(raw);
                    tree = parsed != null && parsed.isObject() ? parsed : null;
                } catch (JsonProcessingException malformed) {
                    tree = null;
                }
            }
            return new ToolCall(id, index, name, tree, raw);
        }
    }

    private HttpCall open(
            String method,
            String path,
            Object body,
            String model,
            Cancellation cancellation,
            Map<String, String> headers) {
        byte[] payload = body == null ? null : REQUESTS.write(body);
        HttpCall call;
        try {
            call = transport.open(base.resolve(path), method, headers, payload, cancellation);
        } catch (dev.jollama.core.error.DaemonUnreachableException e) {
            throw e.forEngine();
        } catch (StreamBrokenException e) {
            throw named(e);
        }
        return errors.check(call, model);
    }

    /** The transport's timeouts and broken connections name Ollama: this engine is another. */
    private JollamaException named(JollamaException e) {
        String ollama = "Ollama at " + base;
        String message = e.getMessage();
        if (e instanceof StreamBrokenException && message != null && message.contains(ollama)) {
            return new StreamBrokenException(message.replace(ollama, engine), e.getCause());
        }
        return e;
    }

    private ModelNotFoundException notFound(String model, String engineText) {
        return new ModelNotFoundException(
                model,
                "model '" + Excerpt.of(model) + "' not found at " + base + " ("
                        + Excerpt.of(engineText, Excerpt.DAEMON_TEXT) + "): `jollama list` shows the"
                        + " models it serves");
    }

    private static Optional<String> errorBodyText(String body) {
        try {
            String text = errorText(Json.wire().readTree(body));
            if (!text.isEmpty()) {
                return Optional.of(text);
            }
        } catch (JsonProcessingException notJson) {
            // A proxy's HTML or plain text: shown as it is, shortened.
        }
        return Optional.empty();
    }

    /** {"error":{"message":…}} (OpenAI, Ollama, LiteLLM), {"error":"…"}, or vLLM's {"message":…}. */
    private static String errorText(JsonNode node) {
        if (node == null) {
            return "";
        }
        JsonNode error = node.path("error");
        if (error.isTextual()) {
            return error.asText();
        }
        if (error.path("message").isTextual()) {
            return error.path("message").asText();
        }
        return node.path("message").asText("");
    }
}
