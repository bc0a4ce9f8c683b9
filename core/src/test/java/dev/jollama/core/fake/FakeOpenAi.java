package dev.jollama.core.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jollama.core.fake.LoopbackHttpServer.Exchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenAI-compatible engine on loopback, answering as Ollama's {@code /v1} does (the shapes in
 * shared/openai-api): {@code GET /v1/models}, {@code POST /v1/chat/completions} streamed as
 * Server-Sent Events with keep-alive comments, a last chunk with the finish reason, a usage chunk when
 * asked, and {@code data: [DONE]}; errors as {@code {"error":{"message":…,"type":…}}}. Answers echo
 * the last user message. With {@link Answer#TOOLS} it streams tool calls as vLLM or llama.cpp do
 * (tools-api/*.sse), their arguments in as many events and socket writes as asked.
 */
public final class FakeOpenAi implements AutoCloseable {

    /** How the next answers go. */
    public enum Answer {
        OK,
        /** Two chunks, then an error event with status 200 already sent. */
        ERROR_EVENT,
        /**
         * Two chunks, then the failure as an event named {@code error} whose data is the engine's words
         * ({@code {"message":…}}, no "error" field), then [DONE]: only the event's name says it failed.
         */
        NAMED_ERROR_EVENT,
        /**
         * The {@link #OK} stream with each event's JSON pretty-printed over several {@code data:} lines, as
         * the SSE standard allows: a client joins them with "\n".
         */
        MULTILINE_DATA,
        /** Two chunks, then silence with the connection open. */
        STALL,
        /** Two chunks, then the connection closes without [DONE]. */
        CUT,
        /** vLLM's way of saying a model does not exist: 404 with a top-level "message". */
        VLLM_NOT_FOUND,
        /**
         * A model that calls tools. To a request offering {@code tools} whose last message is the user's:
         * the calls of {@link #toolCalls} streamed as deltas the way {@link #toolStream} says (a first
         * delta naming each call with {@code arguments: ""}, then its argument fragments), then
         * {@code finish_reason: "tool_calls"}, the usage when asked, and [DONE]. To one whose last message
         * is a tool's result: "tool said: RESULT" (several joined with "; "). Anything else: the echo.
         * Calls are always streamed, as the samples are (jollama never asks otherwise).
         */
        TOOLS
    }

    /** Whose stream {@link Answer#TOOLS} copies, event for event. */
    public enum Engine {
        /** tools-api/vllm_stream_tool_calls.sse: a first delta with {@code content: ""}. */
        VLLM("/tools-api/vllm_stream_tool_calls.sse"),
        /** tools-api/llamacpp_stream_tool_calls.sse: a first delta with {@code content: null}. */
        LLAMA_CPP("/tools-api/llamacpp_stream_tool_calls.sse");

        private final String sample;

        Engine(String sample) {
            this.sample = sample;
        }
    }

    /** The call of tools-api/vllm_stream_tool_calls.sse, what {@link Answer#TOOLS} asks for unless told. */
    public static final FakeOllama.Call SAMPLE_CALL =
            FakeOllama.Call.of("get_weather", "{\"location\": \"Tokyo\"}").withId("call_abc123");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackHttpServer server;
    private final Set<String> served = ConcurrentHashMap.newKeySet();
    private final List<FakeOllama.Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile Answer answer = Answer.OK;
    private volatile String apiKey;
    private volatile Engine toolStream = Engine.VLLM;
    private volatile List<FakeOllama.Call> toolCalls = List.of(SAMPLE_CALL);
    private volatile int fragments = 1;
    private volatile int writesPerEvent = 1;
    private volatile String replay;

    private FakeOpenAi(int port) throws IOException {
        served.add("phi3:mini");
        served.add("llama3.2:latest");
        server = new LoopbackHttpServer(port, null, this::handle);
    }

    public static FakeOpenAi start() {
        return start(0);
    }

    public static FakeOpenAi start(int port) {
        try {
            return new FakeOpenAi(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL clients are given: it ends in /v1, as every engine's does. */
    public String url() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    /** Serves these models too (phi3:mini and llama3.2:latest always). */
    public FakeOpenAi serve(String... models) {
        served.addAll(List.of(models));
        return this;
    }

    public FakeOpenAi answer(Answer next) {
        this.answer = next;
        return this;
    }

    /** Requests without "Authorization: Bearer KEY" get 401, as vLLM with --api-key answers. */
    public FakeOpenAi requireKey(String key) {
        this.apiKey = key;
        return this;
    }

    /**
     * The calls {@link Answer#TOOLS} streams, in this order, and TOOLS as the answer. {@code arguments}
     * is sent as the string it is, malformed or not; a null id becomes "call_N", a null index the
     * call's position.
     */
    public FakeOpenAi toolCalls(FakeOllama.Call... calls) {
        if (calls.length == 0) {
            throw new IllegalArgumentException("toolCalls wants at least one call");
        }
        this.toolCalls = List.of(calls);
        this.answer = Answer.TOOLS;
        return this;
    }

    /** The engine whose tool-call stream {@link Answer#TOOLS} copies (vLLM unless set). */
    public FakeOpenAi toolStream(Engine engine) {
        this.toolStream = engine;
        return this;
    }

    /** Each call's arguments in {@code count} delta events (1 unless set), cut anywhere, mid-token too. */
    public FakeOpenAi argumentFragments(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("argumentFragments wants 1 or more, not " + count);
        }
        this.fragments = count;
        return this;
    }

    /**
     * Each event of a tool-call stream in {@code count} socket writes (1 unless set), a few milliseconds
     * apart, so a client reads events cut anywhere, inside a UTF-8 character too.
     */
    public FakeOpenAi writesPerEvent(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("writesPerEvent wants 1 or more, not " + count);
        }
        this.writesPerEvent = count;
        return this;
    }

    /** Chat answers are the bytes of this resource (an .sse file under src/test/resources), verbatim. */
    public FakeOpenAi replay(String resource) {
        FakeOllama.resourceText(resource); // fails now, not mid-test, when it is missing
        this.replay = resource;
        return this;
    }

    public List<FakeOllama.Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The requests sent to {@code path} ("/v1/chat/completions"), in order. */
    public List<FakeOllama.Recorded> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(Exchange ex) throws IOException {
        String body = new String(ex.body(), StandardCharsets.UTF_8);
        requests.add(new FakeOllama.Recorded(ex.method(), ex.path(), body, ex.headers()));
        if (apiKey != null && !("Bearer " + apiKey).equals(header(ex, "Authorization"))) {
            send(ex, 401, error("Invalid API key", "invalid_request_error"));
            return;
        }
        switch (ex.method() + " " + ex.path()) {
            case "GET /v1/models" -> send(ex, 200, models());
            case "POST /v1/chat/completions" -> chat(ex, body);
            case "POST /v1/embeddings" -> embeddings(ex, body);
            default -> send(ex, 404, error("404 page not found", "not_found_error"));
        }
    }

    private static String header(Exchange ex, String name) {
        return ex.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream())
                .findFirst()
                .orElse(null);
    }

    private ObjectNode models() {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        served.stream().sorted().forEach(id -> data.addObject()
                .put("id", id)
                .put("object", "model")
                .put("created", 1727776800L)
                .put("owned_by", "library"));
        return list;
    }

    private void chat(Exchange ex, String body) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            send(ex, 400, error("invalid character in request body", "invalid_request_error"));
            return;
        }
        String model = request.path("model").asText("");
        if (model.isEmpty()) {
            send(ex, 400, error("model is required", "invalid_request_error"));
            return;
        }
        if (!request.path("messages").isArray() || request.path("messages").isEmpty()) {
            send(ex, 400, error("[] is too short - 'messages'", "invalid_request_error"));
            return;
        }
        String invalid = toolMessagesError(request.path("messages"));
        if (invalid != null) {
            send(ex, 400, error(invalid, "invalid_request_error"));
            return;
        }
        if (!served.contains(model)) {
            if (answer == Answer.VLLM_NOT_FOUND) {
                ObjectNode vllm = JSON.createObjectNode()
                        .put("object", "error")
                        .put("message", "The model `" + model + "` does not exist.")
                        .put("type", "NotFoundError")
                        .putNull("param")
                        .put("code", 404);
                send(ex, 404, vllm);
            } else {
                send(ex, 404, error("model \"" + model + "\" not found, try pulling it first", "not_found_error"));
            }
            return;
        }
        if (replay != null) {
            OutputStream out = ex.respondChunked(200, "text/event-stream");
            out.write(FakeOllama.resourceText(replay).getBytes(StandardCharsets.UTF_8));
            out.close();
            return;
        }
        if (answer == Answer.TOOLS && wantsCalls(request)) {
            toolCallStream(ex, request, model);
            return;
        }
        List<String> words = answer == Answer.TOOLS && lastRole(request).equals("tool")
                ? List.of("tool said: ", String.join("; ", trailingToolResults(request)))
                : words(request);
        int max = request.path("max_tokens").asInt(Integer.MAX_VALUE);
        boolean cut = max < words.size();
        List<String> sent = cut ? words.subList(0, max) : words;
        if (!request.path("stream").asBoolean(false)) {
            ObjectNode done = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion");
            done.put("created", 1732550400L).put("model", model);
            ObjectNode choice = done.putArray("choices").addObject().put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", String.join("", sent));
            choice.put("finish_reason", cut ? "length" : "stop");
            usage(done, sent.size());
            send(ex, 200, done);
            return;
        }
        OutputStream out = ex.respondChunked(200, "text/event-stream");
        try {
            out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8)); // some servers send these while loading
            event(out, chunk(model, "assistant", null, null));
            for (int i = 0; i < sent.size(); i++) {
                if (i == 2
                        && answer != Answer.OK
                        && answer != Answer.VLLM_NOT_FOUND
                        && answer != Answer.MULTILINE_DATA) {
                    misbehave(ex, out);
                    return;
                }
                event(out, chunk(model, null, sent.get(i), null));
                if (i == 0) {
                    out.write("event: ping\n: keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                }
            }
            event(out, chunk(model, null, null, cut ? "length" : "stop"));
            if (request.path("stream_options").path("include_usage").asBoolean(false)) {
                ObjectNode usage = chunk(model, null, null, null);
                usage.putArray("choices");
                usage(usage, sent.size());
                event(out, usage);
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.close();
        } catch (IOException clientHungUp) {
            ex.drop();
        }
    }

    /**
     * The API's checks of the tool turns: an assistant's call carries its arguments as a string, a tool
     * message the id of the call it answers. Worded as OpenAI's API words them.
     */
    private static String toolMessagesError(JsonNode messages) {
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            JsonNode calls = m.path("tool_calls");
            for (int c = 0; c < calls.size(); c++) {
                JsonNode arguments = calls.get(c).path("function").path("arguments");
                if (!arguments.isTextual()) {
                    return "Invalid type for 'messages[" + i + "].tool_calls[" + c + "].function.arguments':"
                            + " expected a string, but got " + (arguments.isMissingNode() ? "nothing" : kind(arguments))
                            + " instead.";
                }
            }
            if (m.path("role").asText().equals("tool")
                    && !m.path("tool_call_id").isTextual()) {
                return "Missing required parameter: 'messages[" + i + "].tool_call_id'.";
            }
        }
        return null;
    }

    private static String kind(JsonNode node) {
        return node.isObject()
                ? "an object"
                : node.isArray()
                        ? "an array"
                        : node.isNull()
                                ? "null"
                                : "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean wantsCalls(JsonNode request) {
        return request.path("tools").isArray()
                && !request.path("tools").isEmpty()
                && lastRole(request).equals("user");
    }

    private static String lastRole(JsonNode request) {
        JsonNode messages = request.path("messages");
        return messages.isEmpty()
                ? ""
                : messages.get(messages.size() - 1).path("role").asText();
    }

    private static List<String> trailingToolResults(JsonNode request) {
        JsonNode messages = request.path("messages");
        List<String> results = new ArrayList<>();
        for (int i = messages.size() - 1;
                i >= 0 && messages.get(i).path("role").asText().equals("tool");
                i--) {
            results.add(0, messages.get(i).path("content").asText());
        }
        return results;
    }

    /**
     * The engine's sample, event for event: its first event, then for each call the event naming it and
     * its argument fragments, then its finishing event; the sample's ids and timestamps, the requested
     * model. With the sample's call, one fragment and no usage asked, the bytes are the sample's.
     */
    private void toolCallStream(Exchange ex, JsonNode request, String model) throws IOException {
        List<String> sample = FakeOllama.resourceLines(toolStream.sample).stream()
                .filter(l -> !l.equals("data: [DONE]"))
                .map(l -> l.substring("data: ".length()))
                .toList();
        List<ObjectNode> events = new ArrayList<>();
        events.add(withModel(sample.get(0), model));
        List<FakeOllama.Call> calls = toolCalls;
        for (int i = 0; i < calls.size(); i++) {
            FakeOllama.Call call = calls.get(i);
            int index = call.index() != null ? call.index() : i;
            ObjectNode head = withModel(sample.get(1), model);
            ObjectNode named = (ObjectNode) toolCallDelta(head);
            named.put("index", index);
            named.put("id", call.id() != null ? call.id() : "call_" + i);
            ((ObjectNode) named.path("function")).put("name", call.name());
            events.add(head);
            for (String fragment : fragments(call.arguments(), fragments)) {
                ObjectNode more = withModel(sample.get(2), model);
                ObjectNode delta = (ObjectNode) toolCallDelta(more);
                delta.put("index", index);
                ((ObjectNode) delta.path("function")).put("arguments", fragment);
                events.add(more);
            }
        }
        events.add(withModel(sample.get(3), model));
        OutputStream out = ex.respondChunked(200, "text/event-stream");
        try {
            for (ObjectNode event : events) {
                split(out, ("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
            }
            if (request.path("stream_options").path("include_usage").asBoolean(false)) {
                ObjectNode usage = withModel(sample.get(0), model);
                usage.putArray("choices");
                usage(usage, calls.size());
                event(out, usage);
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        } catch (IOException clientHungUp) {
            ex.drop();
        }
    }

    private static ObjectNode withModel(String json, String model) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(json);
            node.put("model", model);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode toolCallDelta(ObjectNode event) {
        return event.path("choices").get(0).path("delta").path("tool_calls").get(0);
    }

    /** {@code text} in {@code count} pieces of about equal length, never cutting a surrogate pair. */
    private static List<String> fragments(String text, int count) {
        int[] points = text.codePoints().toArray();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int from = points.length * i / count;
            int to = points.length * (i + 1) / count;
            out.add(new String(points, from, to - from));
        }
        return out;
    }

    private void split(OutputStream out, byte[] event) throws IOException {
        int writes = Math.min(writesPerEvent, event.length);
        for (int i = 0; i < writes; i++) {
            int from = event.length * i / writes;
            int to = event.length * (i + 1) / writes;
            out.write(event, from, to - from);
            out.flush();
            if (writes > 1) {
                try {
                    Thread.sleep(3); // a pause, so that the reader sees the event cut rather than whole
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Vectors of 4 numbers made from each text's length, so tests can tell the inputs apart. */
    private void embeddings(Exchange ex, String body) throws IOException {
        JsonNode request = JSON.readTree(body);
        String model = request.path("model").asText("");
        if (!served.contains(model)) {
            send(ex, 404, error("model \"" + model + "\" not found, try pulling it first", "not_found_error"));
            return;
        }
        JsonNode input = request.path("input");
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            texts.add(input.asText());
        } else {
            input.forEach(t -> texts.add(t.asText()));
        }
        ObjectNode answer = JSON.createObjectNode().put("object", "list").put("model", model);
        ArrayNode data = answer.putArray("data");
        for (int i = texts.size() - 1; i >= 0; i--) { // out of order: clients must sort by "index"
            ArrayNode vector =
                    data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
            for (int d = 1; d <= 4; d++) {
                vector.add(texts.get(i).length() * d / 100.0);
            }
        }
        answer.putObject("usage").put("prompt_tokens", texts.size() * 3).put("total_tokens", texts.size() * 3);
        send(ex, 200, answer);
    }

    private void misbehave(Exchange ex, OutputStream out) throws IOException {
        switch (answer) {
            case ERROR_EVENT -> {
                event(
                        out,
                        JSON.createObjectNode()
                                .set(
                                        "error",
                                        error("model runner crashed", "api_error")
                                                .path("error")));
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.close();
            }
            case NAMED_ERROR_EVENT -> {
                out.write("event: error\ndata: {\"message\":\"model runner crashed\",\"type\":\"api_error\"}\n\n"
                        .getBytes(StandardCharsets.UTF_8));
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.close();
            }
            case STALL -> {
                out.flush();
                ex.awaitHangUp();
                ex.drop();
            }
            default -> ex.drop(); // CUT
        }
    }

    private static List<String> words(JsonNode request) {
        JsonNode last = null;
        for (JsonNode m : request.path("messages")) {
            if (m.path("role").asText().equals("user")) {
                last = m.path("content");
            }
        }
        String text = last == null ? "" : last.isArray() ? textParts(last) : last.asText();
        List<String> words = new ArrayList<>();
        words.add("echo");
        words.add(": ");
        for (String w : text.split("(?<= )")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static String textParts(JsonNode parts) {
        StringBuilder text = new StringBuilder();
        for (JsonNode p : parts) {
            if (p.path("type").asText().equals("text")) {
                text.append(p.path("text").asText());
            } else if (p.path("type").asText().equals("image_url")) {
                text.append("[image ")
                        .append(p.path("image_url").path("url").asText().split(",")[0])
                        .append("] ");
            }
        }
        return text.toString();
    }

    private static ObjectNode chunk(String model, String role, String content, String finish) {
        ObjectNode chunk = JSON.createObjectNode()
                .put("id", "chatcmpl-123")
                .put("object", "chat.completion.chunk")
                .put("created", 1732550400L)
                .put("model", model)
                .put("system_fingerprint", "fp_ollama");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) {
            delta.put("role", role).put("content", "");
        }
        if (content != null) {
            delta.put("role", "assistant").put("content", content);
        }
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return chunk;
    }

    private static void usage(ObjectNode node, int completion) {
        node.putObject("usage")
                .put("prompt_tokens", 12)
                .put("completion_tokens", completion)
                .put("total_tokens", 12 + completion);
    }

    private void event(OutputStream out, JsonNode data) throws IOException {
        String text = answer == Answer.MULTILINE_DATA
                ? "data: "
                        + JSON.writerWithDefaultPrettyPrinter()
                                .writeValueAsString(data)
                                .replace("\n", "\ndata: ")
                : "data: " + data;
        out.write((text + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode error(String message, String type) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error")
                .put("message", message)
                .put("type", type)
                .putNull("param")
                .putNull("code");
        return error;
    }

    private static void send(Exchange ex, int status, JsonNode body) throws IOException {
        ex.respond(status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.close();
    }

    /** For scripts: {@code --port N --port-file F}. */
    public static void main(String[] args) throws Exception {
        int port = 0;
        Path portFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--port-file" -> portFile = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        FakeOpenAi fake = start(port);
        if (portFile != null) {
            Files.writeString(portFile, Integer.toString(fake.server.port()));
        }
        Thread.currentThread().join();
    }
}
