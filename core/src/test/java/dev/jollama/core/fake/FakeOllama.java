package dev.jollama.core.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jollama.core.fake.LoopbackHttpServer.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * An in-process Ollama daemon that answers with the bodies of {@code ../shared/ollama-api/} (copied
 * under {@code src/test/resources/ollama-api}): same status codes, same NDJSON lines, same error texts,
 * errors mid-stream included. Tests, {@code .ci/run} and {@code bench/} run it; it never touches the
 * network beyond loopback. It runs on {@link LoopbackHttpServer}, HTTP/1.1 over sockets it holds, so
 * that it can fall silent with the connection open and still see a hang-up the moment it happens.
 *
 * <p>Context, as Ollama has it (ollama/ollama {@code server/prompt.go} chatPrompt,
 * {@code runner/ollamarunner/runner.go} NewSequence): a model's context is the request's
 * {@code num_ctx}, else {@link #defaultContext} (4096 unless set: Ollama's default below 23 GiB of
 * VRAM), never above its trained {@link #contextLength}. The fake's tokenizer is deterministic: one
 * token per four characters of a message's text (rounded up) plus four per message for the
 * template's markers and one for the prompt's start; a generate prompt and its system prompt count
 * as two messages; images count nothing. An input longer than the context is refused with 400
 * {@code {"error":"the input length exceeds the context length"}} when the request says
 * {@code "truncate": false}; otherwise it is cut silently as Ollama cuts it: whole messages from the
 * start (system messages kept, the last message always), then, if that is still too long, the start
 * of what is left down to exactly the context, and {@code prompt_eval_count} says how much was read.
 * With {@code "shift": false} an answer that would not fit after its prompt ends with done_reason
 * "length". {@link #ignoresTruncate} makes it a daemon older than those fields, which cuts whatever
 * they say.
 */
public final class FakeOllama implements AutoCloseable {

    /** How the fake answers a chat or generate request for one model. */
    public enum Answer {
        /** The fixture stream: "The sky is blue because of Rayleigh scattering." */
        OK,
        /** Repeats the last user message back: "echo: …", in three chunks. */
        ECHO,
        /** Thinking lines first, then the answer (chat_stream_thinking.ndjson). */
        THINKING,
        /** Two chunks, then an {"error":…} line with status 200 (chat_stream_error_midstream.ndjson). */
        ERROR_MIDSTREAM,
        /** Two chunks, then the connection is cut without the end of the chunked body. */
        CUT,
        /** A normal answer whose last line says done_reason "length". */
        LENGTH,
        /** Waits {@link #firstByteDelayMillis} before the headers, like a model that loads slowly. */
        SLOW_FIRST_BYTE,
        /** A chunk every 50 ms for up to 30 s, like a long answer; {@link #disconnects()} counts hang-ups. */
        SLOW_STREAM,
        /** {@link #chunkCount} one-word chunks as fast as possible, for benchmarks. */
        MANY_CHUNKS,
        /**
         * {@link #huge} bytes of answer (or, with "think", of thinking before a short answer): {@link
         * #HUGE_CHUNK} again and again, one chunk a line, written as it is sent and never held, like a
         * model that does not stop. Asked not to stream, the one object's text is written the same way.
         */
        HUGE,
        /**
         * What a prompt-injected answer could hold: a screen clear (its ESC and the rest in two chunks),
         * an OSC 0 title change, an OSC 52 clipboard write and a right-to-left override.
         */
        HOSTILE,
        /** One chunk, then an {"error":…} line whose text carries an OSC 0 title change. */
        HOSTILE_ERROR,
        /**
         * The headers and the first {@link #stallAfter} lines of {@link #ECHO} (the done line never), then
         * silence with the connection open until the client hangs up, which {@link #disconnects()}
         * counts at once; like a daemon whose model froze mid-answer.
         */
        STALL,
        /**
         * Reads the request and sends nothing at all, not even a status line, until the client hangs up,
         * which {@link #disconnects()} counts at once; like a daemon stuck before it answers.
         */
        SILENT_BEFORE_HEADERS,
        /** HTTP 500 with Ollama's text for a model too large for the memory left: {@link #OUT_OF_MEMORY}. */
        OUT_OF_MEMORY_500,
        /**
         * A model that calls tools. To a chat offering {@code tools} whose last message is the user's: the
         * calls of {@link #toolCalls} in one chunk (or {@link #oneCallPerChunk one each}), after the
         * {@link #thinkingBeforeCalls thinking} if any, then the done line, shaped as
         * tools-api/ollama_chat_stream_tool_calls.ndjson. To one whose last message is a tool's result:
         * "tool said: RESULT" (several results after one another joined with "; "), so a test can see the
         * result reach the model. Anything else is answered as {@link #ECHO}.
         */
        TOOLS
    }

    /**
     * A call the fake's model asks for under {@link Answer#TOOLS}. {@code arguments} is JSON text, sent as
     * the value it holds: Ollama always sends an object, anything else is for tests of a client's
     * tolerance. A null {@code id} or {@code index} is left out, as daemons before 2025-10 did; current
     * ones send both ({@code "call_…"} and the call's position).
     */
    public record Call(String id, Integer index, String name, String arguments) {

        /** A call as older daemons send it: no id, no index. */
        public static Call of(String name, String arguments) {
            return new Call(null, null, name, arguments);
        }

        public Call withId(String id) {
            return new Call(id, index, name, arguments);
        }

        public Call withIndex(int index) {
            return new Call(id, index, name, arguments);
        }
    }

    /** The call of tools-api/ollama_chat_stream_tool_calls.ndjson, what {@link Answer#TOOLS} asks for unless told. */
    public static final Call SAMPLE_CALL = Call.of("get_weather", "{\"city\":\"Tokyo\"}");

    /** The capabilities /api/show reports for a model unless {@link #capabilities} says otherwise (show.json's). */
    public static final List<String> DEFAULT_CAPABILITIES = List.of("completion", "vision");

    /** The chunks of {@link Answer#HOSTILE}, in order. */
    public static final List<String> HOSTILE_CHUNKS = List.of(
            "Clear\u001b",
            "[2J screen",
            ", \u001b]0;pwned\u0007title",
            ", \u001b]52;c;ZXZpbA==\u0007clipboard",
            ", \u202eevil.txt",
            "\n");

    /** Ollama's text when a model needs more memory than is free (llm/server.go). */
    public static final String OUT_OF_MEMORY =
            "model requires more system memory (9.3 GiB) than is available (4.1 GiB)";

    /**
     * Where a cloud model's stub says it runs ({@code remote_host} in /api/tags and /api/show), as the
     * registry's cloud stubs give it.
     */
    public static final String CLOUD_HOST = "https://ollama.com:443";

    /**
     * The link of {@link #SIGNIN_BODY}: Ollama's {@code signinURLStr} ({@code server/routes.go}),
     * {@code https://ollama.com/connect?name=%s&key=%s} with the machine's host name and its public key in
     * base64url.
     */
    public static final String SIGNIN_URL =
            "https://ollama.com/connect?name=fake-host&key=c3NoLWVkMjU1MTkgQUFBQUMzTnphQzFsWkRJMU5URTVBQUFBSUZha2U";

    /**
     * The body of Ollama's 401 for a cloud model when the daemon is not signed in: {@code gin.H{"error":
     * "unauthorized", "signin_url": sURL}} as Go's encoding/json writes it, {@code &} escaped as {@code \u0026}.
     */
    public static final String SIGNIN_BODY =
            "{\"error\":\"unauthorized\",\"signin_url\":\"" + SIGNIN_URL.replace("&", "\\u0026") + "\"}";

    /** The error text of {@link Answer#HOSTILE_ERROR}. */
    public static final String HOSTILE_ERROR_TEXT = "model crashed\u001b]0;pwned\u0007";

    private static final ObjectMapper JSON = new ObjectMapper();
    // Made with: keytool -genkeypair -alias fake-ollama -keyalg EC -groupname secp256r1 -dname CN=localhost
    //   -ext SAN=dns:localhost,ip:127.0.0.1 -validity 36500 -storetype PKCS12 -storepass changeit
    private static final char[] KEYSTORE_PASSWORD = "changeit".toCharArray();

    private static final String NDJSON = "application/x-ndjson";
    private static final Pattern JACKSON_CHARACTER = Pattern.compile("(?:character|token) \\('(.)");

    private final LoopbackHttpServer server;
    private final Set<String> installed = ConcurrentHashMap.newKeySet();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectionsToDrop = new AtomicInteger();
    private final AtomicInteger busyAnswers = new AtomicInteger();
    private final AtomicInteger disconnects = new AtomicInteger();
    private volatile CountDownLatch disconnected = new CountDownLatch(1);
    private volatile Answer defaultAnswer = Answer.OK;
    private volatile java.util.concurrent.Semaphore slots;
    private volatile long latencyMillis;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger answeredCount = new AtomicInteger();
    private volatile long firstByteDelayMillis = 1500;
    private volatile int chunkCount = 100_000;
    private volatile int stallAfter = 3;
    private volatile Integer contextLength = 8192;
    private volatile int embeddingLength = 8;
    private final Map<String, List<String>> capabilities = new ConcurrentHashMap<>();
    private final Map<String, String> showFields = new ConcurrentHashMap<>();
    private volatile List<Call> toolCalls = List.of(SAMPLE_CALL);
    private volatile boolean callsAfterResults;
    private volatile boolean oneCallPerChunk;
    private volatile String thinkingBeforeCalls;
    private volatile int defaultContext = 4096;
    private volatile boolean ignoresTruncate;
    private volatile boolean promptCache;
    private volatile boolean listsLoaded;
    private final Map<String, Integer> loaded = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> lastPrompt = new ConcurrentHashMap<>();
    private final Map<String, String> bySystem = new ConcurrentHashMap<>();

    private final Map<String, ModelError> promptErrors = new ConcurrentHashMap<>();

    /** An error the model answers with, in Ollama's shape: a status and {@code {"error": text}}. */
    private record ModelError(int status, String text) {}

    /** Ollama's 500 when the model's runner dies while loading or answering (llm/server.go). */
    public static final String RUNNER_TERMINATED = "llama runner process has terminated: exit status 2";

    /** Ollama's 400 for an input longer than the context with {@code truncate: false} (server/routes.go). */
    public static final String INPUT_TOO_LONG = "the input length exceeds the context length";

    private volatile boolean signedIn = true;
    private volatile boolean capabilitiesListed = true;

    /** A request as the fake received it. */
    public record Recorded(String method, String path, String body, Map<String, List<String>> headers) {

        /** A request header's first value, or null; names are case-insensitive as in HTTP. */
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body.isEmpty() ? "{}" : body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private FakeOllama(int port, boolean tls) throws IOException {
        for (JsonNode m : fixture("tags.json").path("models")) {
            installed.add(m.path("name").asText());
        }
        server = new LoopbackHttpServer(port, tls ? tlsContext() : null, this::handle);
    }

    public static FakeOllama start() {
        return start(0);
    }

    public static FakeOllama start(int port) {
        try {
            return new FakeOllama(port, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fake behind TLS, with a self-signed certificate for localhost and 127.0.0.1 that no JDK
     * trusts; {@link #trustingSocketFactory()} is a client that does.
     */
    public static FakeOllama startHttps() {
        try {
            return new FakeOllama(0, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sockets that trust the certificate of {@link #startHttps()} and nothing else. */
    public static SSLSocketFactory trustingSocketFactory() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keyStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext tlsContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore(), KEYSTORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore keyStore() {
        try (InputStream in = FakeOllama.class.getResourceAsStream("/tls/fake-ollama.p12")) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, KEYSTORE_PASSWORD);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the fake's test certificate", e);
        }
    }

    public String url() {
        return (server.isTls() ? "https" : "http") + "://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    public FakeOllama install(String... models) {
        installed.addAll(List.of(models));
        return this;
    }

    /** Exactly these models installed, none of the fixture's: for hosts that differ. */
    public FakeOllama models(String... models) {
        installed.clear();
        installed.addAll(List.of(models));
        return this;
    }

    /**
     * Runs at most {@code count} answers at once, each taking {@code latencyMillis} before its stream,
     * like a daemon with OLLAMA_NUM_PARALLEL=count: the rest wait their turn (Ollama queues them).
     */
    public FakeOllama slots(int count, long latencyMillis) {
        this.slots = new java.util.concurrent.Semaphore(count, true);
        this.latencyMillis = latencyMillis;
        return this;
    }

    /** The most answers that were ever being generated at once. */
    public int peakConcurrency() {
        return peak.get();
    }

    /** How many answers (not load requests) it has streamed. */
    public int answered() {
        return answeredCount.get();
    }

    public FakeOllama answer(Answer answer) {
        this.defaultAnswer = answer;
        return this;
    }

    public FakeOllama answer(String model, Answer answer) {
        installed.add(model);
        answers.put(model, answer);
        return this;
    }

    public FakeOllama firstByteDelay(long millis) {
        this.firstByteDelayMillis = millis;
        return this;
    }

    /**
     * One chunk of a {@link Answer#HUGE} answer: 1 KiB of UTF-8 in 16 lines, with two- and three-byte
     * characters, so that a client holding the text would hold it as UTF-16.
     */
    public static final String HUGE_CHUNK = hugeChunk();

    private static String hugeChunk() {
        StringBuilder b = new StringBuilder();
        for (int line = 0; line < 16; line++) {
            // 64 bytes a line: "é" is 2 bytes, "✓" 3, the newline 1.
            String text = "line " + (char) ('a' + line) + " é ✓ ";
            b.append(text);
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            b.append("x".repeat(63 - bytes)).append('\n');
        }
        return b.toString();
    }

    private volatile long hugeBytes = 300L * 1024 * 1024;

    private final AtomicInteger hugeLeft = new AtomicInteger(Integer.MAX_VALUE);

    /** How much a {@link Answer#HUGE} answer sends, rounded down to whole {@link #HUGE_CHUNK}s. */
    public FakeOllama huge(long bytes) {
        this.hugeBytes = bytes;
        return this;
    }

    /** Only the first {@code count} {@link Answer#HUGE} answers are huge; later ones are {@link Answer#ECHO}. */
    public FakeOllama hugeAnswers(int count) {
        hugeLeft.set(count);
        return this;
    }

    public FakeOllama chunks(int count) {
        this.chunkCount = count;
        return this;
    }

    /** How many lines {@link Answer#STALL} sends before it falls silent (3 unless set). */
    public FakeOllama stallAfter(int chunks) {
        if (chunks < 0) {
            throw new IllegalArgumentException("stallAfter wants 0 or more chunks, not " + chunks);
        }
        this.stallAfter = chunks;
        return this;
    }

    /** The context length /api/show reports; null leaves it out. */
    public FakeOllama contextLength(Integer tokens) {
        this.contextLength = tokens;
        return this;
    }

    /** The context a model gets when the request sets no num_ctx (4096 unless set; OLLAMA_CONTEXT_LENGTH's role). */
    public FakeOllama defaultContext(int tokens) {
        this.defaultContext = tokens;
        return this;
    }

    /**
     * With true the fake is a daemon older than "truncate" and "shift" (before 2025-10): it ignores both
     * and cuts an input longer than the context silently, as Ollama always did.
     */
    public FakeOllama ignoresTruncate(boolean old) {
        this.ignoresTruncate = old;
        return this;
    }

    /**
     * With true, prompt_eval_count counts only the tokens after the longest run of messages the model's
     * previous request began with, as daemons before Ollama's Go runners (0.4) counted with their
     * prompt cache: a follow-up chat turn reports little for a long conversation.
     */
    public FakeOllama promptCache(boolean on) {
        this.promptCache = on;
        return this;
    }

    /**
     * With true, a model that answered (or was refused by the runner, which loads it first) is listed by
     * /api/ps with the context it got, as the daemon lists loaded models; off, /api/ps is ps.json.
     */
    public FakeOllama listsLoaded(boolean on) {
        this.listsLoaded = on;
        return this;
    }

    /**
     * A chat whose first message is a system message starting with {@code systemPrefix} is answered
     * {@code text}, whatever the answer mode: a model given a task by its instructions (a summary).
     */
    public FakeOllama answerWhenSystem(String systemPrefix, String text) {
        bySystem.put(systemPrefix, text);
        return this;
    }

    /** The length of the vectors /api/embed answers (8 unless set; real models have 384 to 4096). */
    public FakeOllama embeddingLength(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("embeddingLength wants 1 or more, not " + length);
        }
        this.embeddingLength = length;
        return this;
    }

    /**
     * What /api/show lists for {@code model} (installed with it). A chat offering tools to a model
     * without "tools" gets Ollama's 400; every model lacks it unless given it here.
     */
    public FakeOllama capabilities(String model, String... capabilities) {
        installed.add(model);
        this.capabilities.put(model, List.of(capabilities));
        return this;
    }

    /**
     * A text field /api/show adds for every model, as Ollama sends {@code license} and {@code system}
     * when the model has them (show.json has neither).
     */
    public FakeOllama showing(String field, String text) {
        showFields.put(field, text);
        return this;
    }

    /**
     * With false, the daemon is not signed in to ollama.com: every request for a cloud model ({@code NAME:cloud},
     * {@code NAME:TAG-cloud}) gets Ollama's 401 with {@link #SIGNIN_BODY}. Signed in (the default), a cloud
     * model answers like an installed one, installed or not, except names starting "nosuch" (404).
     */
    public FakeOllama signedIn(boolean signedIn) {
        this.signedIn = signedIn;
        return this;
    }

    /** With false, /api/show lists no "capabilities" at all, as daemons before they had them (before 0.6.4). */
    public FakeOllama capabilitiesListed(boolean listed) {
        this.capabilitiesListed = listed;
        return this;
    }

    /** With true, a tool result is answered with the same calls again: a model that never stops. */
    public FakeOllama toolCallsAfterResults(boolean again) {
        this.callsAfterResults = again;
        return this;
    }

    /** The calls {@link Answer#TOOLS} asks for, in this order; also makes TOOLS the answer for every model. */
    public FakeOllama toolCalls(Call... calls) {
        if (calls.length == 0) {
            throw new IllegalArgumentException("toolCalls wants at least one call");
        }
        for (Call call : calls) {
            JsonNode arguments;
            try {
                arguments = JSON.readTree(call.arguments());
            } catch (JsonProcessingException e) {
                arguments = null;
            }
            if (arguments == null || arguments.isMissingNode()) {
                throw new IllegalArgumentException(
                        "Ollama sends arguments as JSON; not those of " + call.name() + ": " + call.arguments());
            }
        }
        this.toolCalls = List.of(calls);
        this.defaultAnswer = Answer.TOOLS;
        return this;
    }

    /** Each call of {@link Answer#TOOLS} in a chunk of its own, as a daemon parsing them one by one sends them. */
    public FakeOllama oneCallPerChunk(boolean oneEach) {
        this.oneCallPerChunk = oneEach;
        return this;
    }

    /** Thinking chunks (one a word) before the calls of {@link Answer#TOOLS}, as thinking models stream; null: none. */
    public FakeOllama thinkingBeforeCalls(String thinking) {
        this.thinkingBeforeCalls = thinking;
        return this;
    }

    /** The next {@code count} connections are closed before any byte of an answer. */
    public FakeOllama dropConnections(int count) {
        connectionsToDrop.set(count);
        return this;
    }

    /**
     * A chat or generate request whose last user text contains {@code marker} is answered {@code status}
     * with Ollama's {@code {"error": text}}, as a model failing on that input is: the others are answered.
     */
    public FakeOllama failPrompts(String marker, int status, String text) {
        promptErrors.put(marker, new ModelError(status, text));
        return this;
    }

    /** The next {@code count} requests get 503 "server busy", verbatim from Ollama. */
    public FakeOllama busy(int count) {
        busyAnswers.set(count);
        return this;
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public List<Recorded> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    public int disconnects() {
        return disconnects.get();
    }

    /** Waits until a client hung up on a streaming, stalled or silent answer. */
    public boolean awaitDisconnect(long millis) throws InterruptedException {
        return disconnected.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Stops listening and closes every connection, stalled and silent ones included. */
    @Override
    public void close() {
        server.close();
    }

    private void handle(Exchange ex) throws IOException {
        String body = new String(ex.body(), StandardCharsets.UTF_8);
        String path = ex.path();
        requests.add(new Recorded(ex.method(), path, body, ex.headers()));
        if (connectionsToDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ex.drop(); // the socket closes without an answer
            return;
        }
        if (busyAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            sendFixtureError(ex, "error_server_busy.json");
            return;
        }
        switch (path) {
            case "/" -> sendText(ex, "Ollama is running");
            case "/api/version" -> sendJson(ex, 200, fixture("version.json"));
            case "/api/tags" -> sendJson(ex, 200, tags());
            case "/api/ps" -> sendJson(ex, 200, ps());
            case "/api/show", "/api/delete", "/api/pull", "/api/chat", "/api/generate", "/api/embed" -> {
                JsonNode request = requestJson(ex, body, path);
                if (request == null) {
                    return; // answered 400
                }
                if (!path.equals("/api/pull")
                        && !path.equals("/api/delete")
                        && isCloud(modelOf(request))
                        && !signedIn) {
                    // server/routes.go: the cloud proxy's answer when this machine is not signed in.
                    ex.respond(401, "application/json; charset=utf-8", SIGNIN_BODY.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                switch (path) {
                    case "/api/show" -> show(ex, request);
                    case "/api/delete" -> delete(ex, request);
                    case "/api/pull" -> pull(ex, request);
                    case "/api/embed" -> embed(ex, request);
                    default -> answer(ex, request, path.equals("/api/chat"));
                }
            }
            default -> sendJson(ex, 404, error("404 page not found"));
        }
    }

    /**
     * The request's JSON object, or null after a 400 worded like Go's encoding/json when the body is
     * not one (a blank body stays an empty object, as before).
     */
    private static JsonNode requestJson(Exchange ex, String body, String path) throws IOException {
        JsonNode request;
        try {
            request = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            sendJson(ex, 400, error(goSyntaxError(e)));
            return null;
        }
        if (request == null || request.isNull() || request.isMissingNode()) {
            return JSON.createObjectNode(); // Go leaves the request empty for a JSON null
        }
        if (!request.isObject()) {
            String kind = request.isArray()
                    ? "array"
                    : request.isTextual() ? "string" : request.isBoolean() ? "bool" : "number";
            String type =
                    switch (path) {
                        case "/api/show" -> "ShowRequest";
                        case "/api/delete" -> "DeleteRequest";
                        case "/api/pull" -> "PullRequest";
                        case "/api/chat" -> "ChatRequest";
                        case "/api/embed" -> "EmbedRequest";
                        default -> "GenerateRequest";
                    };
            sendJson(ex, 400, error("json: cannot unmarshal " + kind + " into Go value of type api." + type));
            return null;
        }
        return request;
    }

    /** Close to Go's json.SyntaxError texts: "unexpected EOF" or "invalid character 'x' …". */
    private static String goSyntaxError(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message.contains("end-of-input")) {
            return "unexpected EOF";
        }
        Matcher character = JACKSON_CHARACTER.matcher(message);
        String c = character.find() ? character.group(1) : "?";
        return "invalid character '" + c + "' looking for beginning of value";
    }

    /**
     * Go's error text for a {@code keep_alive} Ollama would not accept, or null: a string must be a Go
     * duration ("5m", "1h30m", "-1m", "0"), a number is seconds, null leaves the default.
     */
    private static String keepAliveError(JsonNode keepAlive) {
        if (keepAlive.isMissingNode() || keepAlive.isNull() || keepAlive.isNumber()) {
            return null;
        }
        if (keepAlive.isTextual()) {
            try {
                GoDuration.parse(keepAlive.asText());
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        return "Unsupported type: '"
                + (keepAlive.isBoolean() ? "bool" : keepAlive.isArray() ? "[]interface {}" : "map[string]interface {}")
                + "'";
    }

    /** Whether a valid {@code keep_alive} asks to unload: 0 seconds, or a duration string of zero. */
    private static boolean unloads(JsonNode keepAlive) {
        if (keepAlive.isNumber()) {
            return keepAlive.asDouble() == 0;
        }
        return keepAlive.isTextual() && GoDuration.parse(keepAlive.asText()) == 0;
    }

    /**
     * Ollama binds a call's arguments to an ordered map whose decoder (buger/jsonparser's ObjectEach)
     * refuses anything but an object, null included, with these words; the request is then a 400.
     */
    private static String toolCallsBindError(JsonNode request) {
        for (JsonNode m : request.path("messages")) {
            for (JsonNode call : m.path("tool_calls")) {
                JsonNode arguments = call.path("function").path("arguments");
                if (!arguments.isMissingNode() && !arguments.isObject()) {
                    return "Value looks like object, but can't find closing '}' symbol";
                }
            }
        }
        return null;
    }

    private static boolean offersTools(JsonNode request) {
        return request.path("tools").isArray() && !request.path("tools").isEmpty();
    }

    private List<String> capabilitiesOf(String model) {
        List<String> listed = capabilities.get(model);
        if (listed == null && !model.contains(":")) {
            listed = capabilities.get(model + ":latest");
        }
        return listed != null ? listed : DEFAULT_CAPABILITIES;
    }

    /** The name Ollama's errors use: model.ParseName(name).String(), host, namespace and tag filled in. */
    static String fullName(String model) {
        String[] parts = model.split("/", -1);
        String name =
                switch (parts.length) {
                    case 1 -> "registry.ollama.ai/library/" + model;
                    case 2 -> "registry.ollama.ai/" + model;
                    default -> model;
                };
        return name.substring(name.lastIndexOf('/') + 1).contains(":") ? name : name + ":latest";
    }

    private static ObjectNode error(String text) {
        return JSON.createObjectNode().put("error", text);
    }

    // Ollama still accepts the older "name" field where "model" is missing.
    private static String modelOf(JsonNode request) {
        String model = request.path("model").asText();
        return model.isEmpty() ? request.path("name").asText() : model;
    }

    private ObjectNode tags() {
        ObjectNode tags = (ObjectNode) fixture("tags.json");
        ArrayNode models = (ArrayNode) tags.path("models");
        JsonNode template = models.get(1);
        Set<String> listed = ConcurrentHashMap.newKeySet();
        models.forEach(m -> listed.add(m.path("name").asText()));
        for (String name : installed) {
            if (!listed.contains(name)) {
                ObjectNode copy = template.deepCopy();
                copy.put("name", name).put("model", name);
                models.add(copy);
            }
        }
        ArrayNode kept = JSON.createArrayNode();
        models.forEach(m -> {
            if (installed.contains(m.path("name").asText())) {
                kept.add(m);
            }
        });
        kept.forEach(m -> {
            String name = m.path("name").asText();
            if (isCloud(name)) {
                ((ObjectNode) m)
                        .put("remote_model", cloudBase(name))
                        .put("remote_host", CLOUD_HOST)
                        .put("size", 384);
            }
        });
        tags.set("models", kept);
        return tags;
    }

    private JsonNode ps() {
        ObjectNode ps = (ObjectNode) fixture("ps.json");
        if (!listsLoaded) {
            return ps;
        }
        ArrayNode models = (ArrayNode) ps.path("models");
        JsonNode template = models.get(0);
        models.removeAll();
        loaded.forEach((name, context) -> {
            ObjectNode m = template.deepCopy();
            m.put("name", name).put("model", name).put("context_length", context);
            models.add(m);
        });
        return ps;
    }

    /** A chat or generate prompt as the fake's tokenizer counts it, and what Ollama would do with it. */
    private record Prompt(int context, int tokens, boolean cut, boolean refused, List<Integer> messageTokens) {}

    private static int tokens(String text) {
        return (text.length() + 3) / 4;
    }

    private Prompt prompt(JsonNode request, String model, boolean chat) {
        int numCtx = request.path("options").path("num_ctx").asInt(defaultContext);
        Integer trained = contextLength;
        int context = trained == null ? numCtx : Math.min(numCtx, trained);
        boolean truncate = ignoresTruncate || request.path("truncate").asBoolean(true);
        List<Integer> each = new ArrayList<>();
        List<Boolean> system = new ArrayList<>();
        if (chat) {
            for (JsonNode m : request.path("messages")) {
                each.add(tokens(m.path("content").asText()) + 4);
                system.add(m.path("role").asText().equals("system"));
            }
        } else {
            if (request.hasNonNull("system")) {
                each.add(tokens(request.path("system").asText()) + 4);
                system.add(true);
            }
            each.add(tokens(request.path("prompt").asText()) + 4);
            system.add(false);
        }
        int whole = 1 + each.stream().mapToInt(Integer::intValue).sum();
        if (whole <= context) {
            return new Prompt(context, whole, false, false, each);
        }
        if (!truncate) {
            return new Prompt(context, whole, false, true, each);
        }
        // server/prompt.go: leave out whole messages from the start, keeping system ones and the last.
        int kept = whole;
        for (int i = 1; i < each.size() && kept > context; i++) {
            if (!system.get(i - 1)) {
                kept -= each.get(i - 1);
            }
        }
        // runner: what is still too long loses its start (after num_keep) down to exactly the context.
        return new Prompt(context, Math.min(kept, context), true, false, each);
    }

    private boolean isInstalled(String model) {
        return installed.contains(model)
                || installed.contains(model + ":latest")
                || isCloud(model) && !model.startsWith("nosuch");
    }

    /**
     * Ollama's {@code internal/modelref}: a last ":" suffix "cloud", or a tag ending in "-cloud" (not one
     * holding a "/"), any case. Written here apart from jollama's own reading, so tests compare the two.
     */
    static boolean isCloud(String model) {
        int colon = model.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String suffix = model.substring(colon + 1).strip().toLowerCase(java.util.Locale.ROOT);
        return suffix.equals("cloud") || !suffix.contains("/") && suffix.endsWith("-cloud");
    }

    /** The name a cloud reference has on ollama.com: without ":cloud" or the tag's "-cloud". */
    private static String cloudBase(String model) {
        int colon = model.lastIndexOf(':');
        String suffix = model.substring(colon + 1);
        return suffix.equalsIgnoreCase("cloud")
                ? model.substring(0, colon)
                : model.substring(0, colon + 1) + suffix.substring(0, suffix.length() - "-cloud".length());
    }

    private void show(Exchange ex, JsonNode request) throws IOException {
        String model = modelOf(request);
        if (!isInstalled(model)) {
            sendJson(ex, 404, notFound(model));
            return;
        }
        ObjectNode show = (ObjectNode) fixture("show.json");
        ObjectNode info = (ObjectNode) show.path("model_info");
        if (contextLength == null) {
            info.remove("llama.context_length");
        } else {
            info.put("llama.context_length", contextLength);
        }
        List<String> listed = capabilities.get(model);
        if (listed == null && !model.contains(":")) {
            listed = capabilities.get(model + ":latest"); // Ollama reads a bare name as NAME:latest
        }
        if (listed != null) {
            ArrayNode caps = show.putArray("capabilities");
            listed.forEach(caps::add);
        }
        showFields.forEach(show::put);
        if (!capabilitiesListed) {
            show.remove("capabilities");
        }
        if (isCloud(model)) {
            // The stub of a cloud model: no weights here, so no model_info to tell; where it runs instead.
            show.remove("modelfile");
            show.set("model_info", JSON.createObjectNode());
            show.put("remote_model", cloudBase(model)).put("remote_host", CLOUD_HOST);
        }
        sendJson(ex, 200, show);
    }

    private void delete(Exchange ex, JsonNode request) throws IOException {
        String model = modelOf(request);
        if (!installed.remove(model) && !installed.remove(model + ":latest")) {
            sendJson(ex, 404, notFound(model));
            return;
        }
        ex.respond(200, null, null);
    }

    /** Pulls "missing…"/"nosuch…" fail as the registry does; "stalling…" goes silent after three lines. */
    private void pull(Exchange ex, JsonNode request) throws IOException {
        String model = modelOf(request);
        boolean exists = !model.startsWith("missing") && !model.startsWith("nosuch");
        List<String> lines = fixtureLines(exists ? "pull_stream_ok.ndjson" : "pull_stream_error.ndjson");
        if (model.startsWith("stalling")) {
            // A download whose registry went quiet: the first status lines, then silence, connection open.
            stall(ex, lines.subList(0, 3));
            return;
        }
        if (exists) {
            installed.add(model); // before the stream ends, so a list right after "success" sees it
        }
        stream(ex, lines, 5);
    }

    private void answer(Exchange ex, JsonNode request, boolean chat) throws IOException {
        // Ollama binds the whole request before it looks the model up: a bad keep_alive is a 400 first.
        JsonNode keepAlive = request.path("keep_alive");
        String invalid = keepAliveError(keepAlive);
        if (invalid == null && chat) {
            invalid = toolCallsBindError(request);
        }
        for (String field : List.of("truncate", "shift")) {
            JsonNode value = request.path(field);
            if (invalid == null && !value.isMissingNode() && !value.isNull() && !value.isBoolean()) {
                invalid = "json: cannot unmarshal " + goKind(value) + " into Go struct field "
                        + (chat ? "ChatRequest." : "GenerateRequest.") + field + " of type bool";
            }
        }
        if (invalid != null) {
            sendJson(ex, 400, error(invalid));
            return;
        }
        String model = modelOf(request);
        if (!isInstalled(model)) {
            sendJson(ex, 404, notFoundTryPulling(model));
            return;
        }
        // The capability check comes with the scheduling, after the model is found (server/routes.go).
        if (chat && offersTools(request) && !capabilitiesOf(model).contains("tools")) {
            sendJson(ex, 400, error(fullName(model) + " does not support tools"));
            return;
        }
        String said = lastUserText(request, chat);
        for (Map.Entry<String, ModelError> e : promptErrors.entrySet()) {
            if (said != null && said.contains(e.getKey())) {
                sendJson(ex, e.getValue().status(), error(e.getValue().text()));
                return;
            }
        }
        boolean loadOnly = chat ? request.path("messages").isEmpty() : !request.has("prompt");
        if (loadOnly) {
            String file = unloads(keepAlive) ? "generate_unload_model.json" : "generate_load_model.json";
            ObjectNode response = (ObjectNode) fixture(file).path("response");
            response.put("model", model);
            sendJson(ex, 200, response);
            return;
        }
        java.util.concurrent.Semaphore limit = slots;
        if (limit != null) {
            limit.acquireUninterruptibly();
        }
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            if (latencyMillis > 0) {
                sleep(latencyMillis);
            }
            generate(ex, request, model, chat);
            answeredCount.incrementAndGet();
        } finally {
            running.decrementAndGet();
            if (limit != null) {
                limit.release();
            }
        }
    }

    private void generate(Exchange ex, JsonNode request, String model, boolean chat) throws IOException {
        Answer answer = answers.getOrDefault(model, defaultAnswer);
        boolean stream = request.path("stream").asBoolean(true);
        if (answer == Answer.OUT_OF_MEMORY_500) {
            sendJson(ex, 500, error(OUT_OF_MEMORY));
            return;
        }
        Prompt prompt = prompt(request, model, chat);
        loaded.put(model, prompt.context()); // the runner loads the model before it reads the prompt
        if (prompt.refused()) {
            sendJson(ex, 400, error(INPUT_TOO_LONG));
            return;
        }
        String scripted = scripted(request, chat);
        if (answer == Answer.SILENT_BEFORE_HEADERS) {
            awaitHangUp(ex);
            return;
        }
        if (answer == Answer.SLOW_FIRST_BYTE) {
            sleep(firstByteDelayMillis);
        }
        if (answer == Answer.HUGE && hugeLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            huge(ex, request, model, chat, stream);
            return;
        }
        if (answer == Answer.HUGE) {
            answer = Answer.ECHO;
        }
        List<String> lines = scripted != null
                ? chunked(chat ? "chat_stream_ok.ndjson" : "generate_stream_ok.ndjson", List.of(scripted), request)
                : answerLines(answer, request, model, chat);
        lines = counted(lines, prompt, request, model);
        boolean alwaysStreams = answer == Answer.CUT || answer == Answer.SLOW_STREAM || answer == Answer.STALL;
        if (!stream && !alwaysStreams) {
            sendJson(ex, 200, collapse(lines, chat));
            return;
        }
        switch (answer) {
            case CUT -> cut(ex, lines.subList(0, 2));
            case SLOW_STREAM -> slowStream(ex, lines);
            case STALL -> stall(ex, lines.subList(0, Math.min(stallAfter, lines.size() - 1)));
            default -> stream(ex, lines, 0);
        }
    }

    /**
     * {@code /api/embed} as Ollama's EmbedHandler answers it: the request bound first (a wrong type is a
     * 400 in Go's words), a model required, the input a string or an array of strings, the model looked
     * up (404, "try pulling it first"); then one vector per input, unit length, derived from the SHA-256
     * of the text (so the same text always gets the same vector), cut to {@code dimensions} and
     * normalised again when that is shorter. A text longer than the context (4 characters a token;
     * num_ctx from the options, else the modelfile's 4096, at most the model's context length) is cut
     * to fit, or refused with 400 when {@code truncate} is false. An empty input answers no vectors.
     */
    private void embed(Exchange ex, JsonNode request) throws IOException {
        String bindError = embedBindError(request);
        if (bindError != null) {
            sendJson(ex, 400, error(bindError));
            return;
        }
        String model = request.path("model").asText();
        if (model.isEmpty()) {
            sendJson(ex, 400, error("model is required"));
            return;
        }
        JsonNode input = request.path("input");
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            if (!input.asText().isEmpty()) {
                texts.add(input.asText());
            }
        } else if (input.isArray()) {
            for (JsonNode text : input) {
                if (!text.isTextual()) {
                    sendJson(ex, 400, error("invalid input type"));
                    return;
                }
                texts.add(text.asText());
            }
        } else if (!input.isMissingNode() && !input.isNull()) {
            sendJson(ex, 400, error("invalid input type"));
            return;
        }
        if (!isInstalled(model)) {
            sendJson(ex, 404, notFoundTryPulling(model));
            return;
        }
        Answer answer = answers.getOrDefault(model, defaultAnswer);
        if (answer == Answer.OUT_OF_MEMORY_500) {
            sendJson(ex, 500, error(OUT_OF_MEMORY));
            return;
        }
        if (answer == Answer.SILENT_BEFORE_HEADERS) {
            awaitHangUp(ex);
            return;
        }
        if (answer == Answer.SLOW_FIRST_BYTE) {
            sleep(firstByteDelayMillis);
        }
        StringBuilder body = new StringBuilder("{\"model\":").append(JSON.writeValueAsString(model));
        if (texts.isEmpty()) {
            sendJson(ex, 200, readTree(body.append(",\"embeddings\":[]}").toString()));
            return;
        }
        int numCtx = request.path("options").path("num_ctx").asInt(4096);
        Integer trained = contextLength;
        int context = trained == null ? numCtx : Math.min(numCtx, trained);
        boolean truncate = request.path("truncate").asBoolean(true);
        int dimensions = request.path("dimensions").asInt(0);
        long tokens = 0;
        body.append(",\"embeddings\":[");
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            int needed = (text.length() + 3) / 4;
            if (needed > context) {
                if (!truncate) {
                    sendJson(ex, 400, error("the input length exceeds the context length"));
                    return;
                }
                text = text.substring(0, context * 4);
                needed = context;
            }
            tokens += needed;
            float[] vector = vectorOf(text, embeddingLength);
            if (dimensions > 0 && dimensions < vector.length) {
                vector = normalised(java.util.Arrays.copyOf(vector, dimensions));
            }
            body.append(i == 0 ? "[" : ",[");
            for (int d = 0; d < vector.length; d++) {
                body.append(d == 0 ? "" : ",").append(goFloat(vector[d]));
            }
            body.append(']');
        }
        body.append("],\"total_duration\":14143917,\"load_duration\":1019500,\"prompt_eval_count\":")
                .append(tokens)
                .append('}');
        ex.respond(200, "application/json; charset=utf-8", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Go's encoding/json error for a field of the wrong type, or null when the request binds. */
    private static String embedBindError(JsonNode request) {
        String keepAlive = keepAliveError(request.path("keep_alive"));
        if (keepAlive != null) {
            return keepAlive;
        }
        JsonNode truncate = request.path("truncate");
        if (!truncate.isMissingNode() && !truncate.isNull() && !truncate.isBoolean()) {
            return "json: cannot unmarshal " + goKind(truncate)
                    + " into Go struct field EmbedRequest.truncate of type bool";
        }
        JsonNode dimensions = request.path("dimensions");
        if (!dimensions.isMissingNode() && !dimensions.isNull() && !dimensions.isIntegralNumber()) {
            String kind = dimensions.isNumber() ? "number " + dimensions.asText() : goKind(dimensions);
            return "json: cannot unmarshal " + kind + " into Go struct field EmbedRequest.dimensions of type int";
        }
        JsonNode options = request.path("options");
        if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
            return "json: cannot unmarshal " + goKind(options)
                    + " into Go struct field EmbedRequest.options of type map[string]interface {}";
        }
        return null;
    }

    private static String goKind(JsonNode node) {
        return node.isTextual()
                ? "string"
                : node.isBoolean() ? "bool" : node.isArray() ? "array" : node.isObject() ? "object" : "number";
    }

    /** A unit vector from the SHA-256 of the text, counter mode for lengths beyond 32 bytes. */
    public static float[] vectorOf(String text, int length) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        float[] vector = new float[length];
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[0];
            for (int i = 0; i < length; i++) {
                if (i % 32 == 0) {
                    sha.update(bytes);
                    sha.update(java.nio.ByteBuffer.allocate(4).putInt(i / 32).array());
                    block = sha.digest();
                }
                // Never 0 nor tiny: Go writes these in plain notation, as real embeddings mostly are.
                vector[i] = ((block[i % 32] & 0xff) - 127.5f) / 127.5f;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return normalised(vector);
    }

    private static float[] normalised(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += v * v;
        }
        float norm = (float) (1.0 / Math.max(Math.sqrt(sum), 1e-12));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= norm;
        }
        return vector;
    }

    /** A float32 as Go's encoding/json writes one: the shortest text that reads back the same, plain. */
    private static String goFloat(float value) {
        return new java.math.BigDecimal(Float.toString(value))
                .stripTrailingZeros()
                .toPlainString();
    }

    private List<String> answerLines(Answer answer, JsonNode request, String model, boolean chat) {
        String file = chat ? "chat_stream_ok.ndjson" : "generate_stream_ok.ndjson";
        List<String> lines =
                switch (answer) {
                    case THINKING -> fixtureLines("chat_stream_thinking.ndjson");
                    case ERROR_MIDSTREAM -> fixtureLines("chat_stream_error_midstream.ndjson");
                    case ECHO, STALL -> chunked(file, List.of("echo", ": ", lastUserText(request, chat)), request);
                    case MANY_CHUNKS -> chunked(file, wordChunks(chunkCount), request);
                    case HOSTILE -> chunked(file, HOSTILE_CHUNKS, request);
                    case HOSTILE_ERROR -> hostileError(file, request);
                    case TOOLS -> toolAnswer(file, request, chat);
                    default -> fixtureLines(file);
                };
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            ObjectNode node = (ObjectNode) readTree(line);
            if (node.has("model")) {
                node.put("model", model);
            }
            if (!chat && node.has("message")) {
                node.put("response", node.path("message").path("content").asText());
                node.remove("message");
            }
            if (answer == Answer.LENGTH && node.path("done").asBoolean()) {
                node.put("done_reason", "length");
            }
            out.add(node.toString());
        }
        return out;
    }

    private String scripted(JsonNode request, boolean chat) {
        JsonNode first = request.path("messages").path(0);
        if (!chat || !first.path("role").asText().equals("system")) {
            return null;
        }
        String system = first.path("content").asText();
        for (Map.Entry<String, String> e : bySystem.entrySet()) {
            if (system.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * The done line's prompt_eval_count as the daemon would count: what was read after a cut, or
     * with {@link #promptCache} only what the previous request did not begin with; and done_reason
     * "length" when "shift": false leaves the answer no room.
     */
    private List<String> counted(List<String> lines, Prompt prompt, JsonNode request, String model) {
        List<Integer> previous = lastPrompt.put(model, prompt.messageTokens());
        Integer count = null;
        if (prompt.cut()) {
            count = prompt.tokens();
        } else if (promptCache) {
            int same = 0;
            int cached = 0;
            while (previous != null
                    && same < previous.size()
                    && same < prompt.messageTokens().size()
                    && previous.get(same).equals(prompt.messageTokens().get(same))) {
                cached += previous.get(same);
                same++;
            }
            count = Math.max(1, prompt.tokens() - cached);
        }
        boolean noShift = !ignoresTruncate
                && request.path("shift").isBoolean()
                && !request.path("shift").asBoolean();
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            ObjectNode node = (ObjectNode) readTree(line);
            if (node.path("done").asBoolean()) {
                if (count != null) {
                    node.put("prompt_eval_count", count);
                }
                if (noShift && prompt.tokens() + node.path("eval_count").asInt() > prompt.context()) {
                    node.put("done_reason", "length");
                }
                line = node.toString();
            }
            out.add(line);
        }
        return out;
    }

    /** Lines shaped like the fixture's, with our own chunks and the fixture's final counters. */
    private List<String> chunked(String file, List<String> chunks, JsonNode request) {
        List<String> fixture = fixtureLines(file);
        ObjectNode first = (ObjectNode) readTree(fixture.get(0));
        ObjectNode last = (ObjectNode) readTree(fixture.get(fixture.size() - 1));
        last.put("prompt_eval_count", Math.max(1, request.toString().length() / 4));
        last.put("eval_count", chunks.size());
        List<String> lines = new ArrayList<>(chunks.size() + 1);
        boolean isChat = first.has("message");
        for (String chunk : chunks) {
            if (isChat) {
                ((ObjectNode) first.path("message")).put("content", chunk);
            } else {
                first.put("response", chunk);
            }
            lines.add(first.toString());
        }
        lines.add(last.toString());
        return lines;
    }

    /** {@link Answer#TOOLS}: calls to a user's message when tools are offered, a text quoting results. */
    private List<String> toolAnswer(String file, JsonNode request, boolean chat) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.isArray() && !messages.isEmpty() ? messages.get(messages.size() - 1) : null;
        String role = last == null ? "" : last.path("role").asText();
        if (chat && role.equals("tool") && !callsAfterResults) {
            List<String> results = new ArrayList<>();
            for (int i = messages.size() - 1;
                    i >= 0 && messages.get(i).path("role").asText().equals("tool");
                    i--) {
                results.add(0, messages.get(i).path("content").asText());
            }
            return chunked(file, List.of("tool said: ", String.join("; ", results)), request);
        }
        if (!chat || !(role.equals("user") || role.equals("tool")) || !offersTools(request)) {
            return chunked(file, List.of("echo", ": ", lastUserText(request, chat)), request);
        }
        List<String> sample = resourceLines("/tools-api/ollama_chat_stream_tool_calls.ndjson");
        List<String> lines = new ArrayList<>();
        if (thinkingBeforeCalls != null) {
            ObjectNode thinking = (ObjectNode) readTree(sample.get(0));
            ObjectNode message = (ObjectNode) thinking.path("message");
            message.remove("tool_calls");
            for (String word : thinkingBeforeCalls.split("(?<= )")) {
                message.put("thinking", word);
                lines.add(thinking.toString());
            }
        }
        List<Call> calls = toolCalls;
        List<List<Call>> chunks = oneCallPerChunk ? calls.stream().map(List::of).toList() : List.of(calls);
        for (List<Call> chunk : chunks) {
            ObjectNode line = (ObjectNode) readTree(sample.get(0));
            ArrayNode wire = ((ObjectNode) line.path("message")).putArray("tool_calls");
            for (Call call : chunk) {
                ObjectNode item = wire.addObject();
                if (call.id() != null) {
                    item.put("id", call.id());
                }
                ObjectNode function = item.putObject("function");
                if (call.index() != null) {
                    function.put("index", call.index());
                }
                function.put("name", call.name());
                function.set("arguments", readTree(call.arguments()));
            }
            lines.add(line.toString());
        }
        lines.add(sample.get(1));
        return lines;
    }

    private List<String> hostileError(String file, JsonNode request) {
        List<String> lines =
                new ArrayList<>(chunked(file, List.of("Working"), request).subList(0, 1));
        lines.add(JSON.createObjectNode().put("error", HOSTILE_ERROR_TEXT).toString());
        return lines;
    }

    private static List<String> wordChunks(int count) {
        List<String> words = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            words.add(i % 16 == 15 ? "word\n" : "word ");
        }
        return words;
    }

    private static String lastUserText(JsonNode request, boolean chat) {
        if (!chat) {
            return request.path("prompt").asText();
        }
        String text = "";
        for (JsonNode m : request.path("messages")) {
            if (m.path("role").asText().equals("user")) {
                text = m.path("content").asText();
            }
        }
        return text;
    }

    /** The single object Ollama sends for "stream": false (chat_nostream_ok.json's shape). */
    private static JsonNode collapse(List<String> lines, boolean chat) {
        StringBuilder content = new StringBuilder();
        ArrayNode toolCalls = JSON.createArrayNode();
        ObjectNode last = null;
        for (String line : lines) {
            ObjectNode node = (ObjectNode) readTree(line);
            if (node.has("error")) {
                return node;
            }
            node.path("message").path("tool_calls").forEach(toolCalls::add);
            content.append(
                    chat
                            ? node.path("message").path("content").asText()
                            : node.path("response").asText());
            last = node;
        }
        if (chat) {
            ((ObjectNode) last.path("message")).put("content", content.toString());
            if (!toolCalls.isEmpty()) {
                ((ObjectNode) last.path("message")).set("tool_calls", toolCalls);
            }
        } else {
            last.put("response", content.toString());
        }
        return last;
    }

    private void stream(Exchange ex, List<String> lines, long pauseMillis) throws IOException {
        OutputStream out = ex.respondChunked(200, NDJSON);
        try {
            boolean flushEach = lines.size() < 1000;
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                if (flushEach) {
                    out.flush();
                }
                if (pauseMillis > 0) {
                    sleep(pauseMillis);
                }
            }
            out.close();
        } catch (IOException clientHungUp) {
            clientGone();
            throw clientHungUp;
        }
    }

    /**
     * {@link Answer#HUGE}: each line made just before it is written, so the fake holds one chunk, not
     * the answer. Thinking (when the request asks for it) is the huge part, then "done." as the answer.
     */
    private void huge(Exchange ex, JsonNode request, String model, boolean chat, boolean stream) throws IOException {
        long chunks = hugeBytes / HUGE_CHUNK.getBytes(StandardCharsets.UTF_8).length;
        boolean thinking = stream && request.path("think").asBoolean(false);
        String quoted = JSON.writeValueAsString(HUGE_CHUNK);
        String head = "{\"model\":" + JSON.writeValueAsString(model) + ",\"created_at\":\"2025-06-01T00:00:00Z\",";
        String end = ",\"done_reason\":\"stop\",\"total_duration\":1000,\"prompt_eval_count\":1,\"eval_count\":"
                + chunks + ",\"eval_duration\":1000}\n";
        OutputStream out = ex.respondChunked(200, stream ? NDJSON : "application/json; charset=utf-8");
        try {
            if (!stream) {
                // One object, its text written piece by piece.
                out.write(
                        utf8(head + (chat ? "\"message\":{\"role\":\"assistant\",\"content\":\"" : "\"response\":\"")));
                byte[] inner = utf8(quoted.substring(1, quoted.length() - 1));
                for (long i = 0; i < chunks; i++) {
                    out.write(inner);
                }
                out.write(utf8("\"" + (chat ? "}" : "") + ",\"done\":true" + end));
                out.close();
                return;
            }
            byte[] line = utf8(head + text(chat, thinking ? "thinking" : "content", quoted) + ",\"done\":false}\n");
            for (long i = 0; i < chunks; i++) {
                out.write(line);
            }
            if (thinking) {
                out.write(utf8(head + text(chat, "content", "\"done.\"") + ",\"done\":false}\n"));
            }
            out.write(utf8(head + text(chat, "content", "\"\"") + ",\"done\":true" + end));
            out.close();
        } catch (IOException clientHungUp) {
            clientGone();
            throw clientHungUp;
        }
    }

    /** A chunk's text field: in a chat's message, or generate's "response" / "thinking". */
    private static String text(boolean chat, String field, String quoted) {
        if (chat) {
            return "\"message\":{\"role\":\"assistant\",\"content\":" + (field.equals("content") ? quoted : "\"\"")
                    + (field.equals("content") ? "" : ",\"thinking\":" + quoted) + "}";
        }
        return field.equals("content") ? "\"response\":" + quoted : "\"response\":\"\",\"thinking\":" + quoted;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The lines, flushed one by one, then the connection closes without the end of the chunked body. */
    private void cut(Exchange ex, List<String> lines) throws IOException {
        OutputStream out = ex.respondChunked(200, NDJSON);
        try {
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException clientHungUp) {
            clientGone();
        }
        ex.drop();
    }

    /** The lines, flushed one by one, then silence until the client hangs up. */
    private void stall(Exchange ex, List<String> lines) throws IOException {
        OutputStream out = ex.respondChunked(200, NDJSON);
        try {
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.flush(); // the headers, when no line is to be sent
        } catch (IOException clientHungUp) {
            clientGone();
            ex.drop();
            return;
        }
        awaitHangUp(ex);
    }

    /**
     * Blocks on a read of the connection, so the hang-up is seen the moment it happens rather than at
     * the next failed write, then closes it.
     */
    private void awaitHangUp(Exchange ex) {
        if (ex.awaitHangUp()) {
            clientGone();
        }
        ex.drop();
    }

    private void slowStream(Exchange ex, List<String> lines) throws IOException {
        OutputStream out = ex.respondChunked(200, NDJSON);
        ObjectNode chunk = (ObjectNode) readTree(lines.get(0));
        try {
            // Like the real daemon, it only notices that the client is gone when a write fails.
            for (int i = 0; i < 600; i++) {
                out.write((chunk + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (i == 0) {
                    if (chunk.has("message")) {
                        ((ObjectNode) chunk.path("message")).put("content", " more");
                    } else {
                        chunk.put("response", " more");
                    }
                }
                sleep(50);
            }
            out.write((lines.get(lines.size() - 1) + "\n").getBytes(StandardCharsets.UTF_8));
            out.close();
        } catch (IOException clientHungUp) {
            clientGone();
            ex.drop();
        }
    }

    private void clientGone() {
        disconnects.incrementAndGet();
        disconnected.countDown();
    }

    /** Text with its length; to a HEAD request, the length only (Go's net/http does the same). */
    private static void sendText(Exchange ex, String text) throws IOException {
        ex.respond(200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendJson(Exchange ex, int status, JsonNode body) throws IOException {
        ex.respond(status, "application/json; charset=utf-8", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void sendFixtureError(Exchange ex, String file) throws IOException {
        JsonNode error = fixture(file);
        sendJson(ex, error.path("status").asInt(), error.path("body"));
    }

    private static JsonNode notFound(String model) {
        ObjectNode error = (ObjectNode) fixture("error_model_not_found.json").path("body");
        return error.put("error", error.path("error").asText().replace("llama3.2", model));
    }

    private static JsonNode notFoundTryPulling(String model) {
        ObjectNode error =
                (ObjectNode) fixture("error_model_not_found_try_pulling.json").path("body");
        return error.put("error", error.path("error").asText().replace("llama3.2", model));
    }

    static JsonNode fixture(String name) {
        return readTree(fixtureText(name));
    }

    static List<String> fixtureLines(String name) {
        return fixtureText(name).lines().filter(l -> !l.isBlank()).toList();
    }

    private static String fixtureText(String name) {
        return resourceText("/ollama-api/" + name);
    }

    static List<String> resourceLines(String path) {
        return resourceText(path).lines().filter(l -> !l.isBlank()).toList();
    }

    static String resourceText(String path) {
        try (InputStream in = FakeOllama.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the fake on its own for scripts: {@code --port N} (0 picks one), {@code --port-file F}
     * (written once listening), {@code --chunks N} (every answer streams N chunks), {@code
     * --drop-first N}, {@code --answer NAME} (an {@link Answer}, any case: {@code stall}, {@code
     * silent_before_headers}, …), {@code --stall-after N}, {@code --slots N --latency MS} (N answers at
     * once, each MS long, the rest queued), {@code --registry-file F} (also a {@link FakeRegistry}
     * holding library/llama3:8b, its URL written to F).
     */
    public static void main(String[] args) throws Exception {
        int port = 0;
        Path portFile = null;
        FakeOllama fake = null;
        Integer chunks = null;
        int drop = 0;
        int stallAfter = 3;
        int slots = 0;
        long latency = 0;
        Answer answer = Answer.OK;
        Path registryFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--registry-file" -> registryFile = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--port-file" -> portFile = Path.of(args[++i]);
                case "--chunks" -> chunks = Integer.parseInt(args[++i]);
                case "--drop-first" -> drop = Integer.parseInt(args[++i]);
                case "--stall-after" -> stallAfter = Integer.parseInt(args[++i]);
                case "--slots" -> slots = Integer.parseInt(args[++i]);
                case "--latency" -> latency = Long.parseLong(args[++i]);
                case "--answer" -> answer = Answer.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        fake = start(port)
                .answer(chunks != null ? Answer.MANY_CHUNKS : answer)
                .dropConnections(drop)
                .stallAfter(stallAfter);
        if (chunks != null) {
            fake.chunks(chunks);
        }
        if (slots > 0) {
            fake.slots(slots, latency);
        }
        fake.install("phi3:3.8b-mini-4k-instruct-q4_K_M", "llama3:8b-instruct-q4_K_M");
        fake.capabilities("nomic-embed-text:latest", "embedding"); // what `jollama embed` is trained and timed with
        if (registryFile != null) {
            // A registry for `jollama fit` and the check before `pull` (install.sh's training run).
            FakeRegistry registry = FakeRegistry.start()
                    .model(
                            "library/llama3:8b",
                            GgufWriter.llamaLike("llama", 32, 4096, 32, 8L, 14336, 128256, 12)
                                    .bytes(),
                            4_661_211_424L,
                            "llama",
                            "8.0B",
                            "Q4_K_M");
            writeAtomically(registryFile, registry.url());
        }
        if (portFile != null) {
            writeAtomically(portFile, String.valueOf(fake.port()));
        }
        System.out.println("fake ollama listening on " + fake.url());
        Thread.currentThread().join();
    }

    /** Whoever polls for the file sees all of it or nothing. */
    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "port", ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
