package dev.jollama.core.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * An in-process Ollama daemon that answers with the bodies of {@code ../shared/ollama-api/} (copied
 * under {@code src/test/resources/ollama-api}): same status codes, same NDJSON lines, same error texts,
 * errors mid-stream included. Tests, {@code .ci/run} and {@code bench/} run it; it never touches the
 * network beyond loopback.
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
         * What a prompt-injected answer could hold: a screen clear (its ESC and the rest in two chunks),
         * an OSC 0 title change, an OSC 52 clipboard write and a right-to-left override.
         */
        HOSTILE,
        /** One chunk, then an {"error":…} line whose text carries an OSC 0 title change. */
        HOSTILE_ERROR
    }

    /** The chunks of {@link Answer#HOSTILE}, in order. */
    public static final List<String> HOSTILE_CHUNKS = List.of(
            "Clear\u001b",
            "[2J screen",
            ", \u001b]0;pwned\u0007title",
            ", \u001b]52;c;ZXZpbA==\u0007clipboard",
            ", \u202eevil.txt",
            "\n");

    /** The error text of {@link Answer#HOSTILE_ERROR}. */
    public static final String HOSTILE_ERROR_TEXT = "model crashed\u001b]0;pwned\u0007";

    static {
        // Go's net/http, and so Ollama, sets TCP_NODELAY; without it the JDK server makes each small
        // answer wait out a delayed ACK (~40 ms), which is not the daemon's behaviour.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    // Made with: keytool -genkeypair -alias fake-ollama -keyalg EC -groupname secp256r1 -dname CN=localhost
    //   -ext SAN=dns:localhost,ip:127.0.0.1 -validity 36500 -storetype PKCS12 -storepass changeit
    private static final char[] KEYSTORE_PASSWORD = "changeit".toCharArray();

    private final HttpServer server;
    private final Set<String> installed = ConcurrentHashMap.newKeySet();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectionsToDrop = new AtomicInteger();
    private final AtomicInteger busyAnswers = new AtomicInteger();
    private final AtomicInteger disconnects = new AtomicInteger();
    private volatile CountDownLatch disconnected = new CountDownLatch(1);
    private volatile Answer defaultAnswer = Answer.OK;
    private volatile long firstByteDelayMillis = 1500;
    private volatile int chunkCount = 100_000;
    private volatile Integer contextLength = 8192;

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
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        if (tls) {
            HttpsServer https = HttpsServer.create(address, 50);
            https.setHttpsConfigurator(new HttpsConfigurator(tlsContext()));
            server = https;
        } else {
            server = HttpServer.create(address, 50);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-ollama");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        for (JsonNode m : fixture("tags.json").path("models")) {
            installed.add(m.path("name").asText());
        }
        server.start();
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
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:"
                + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public FakeOllama install(String... models) {
        installed.addAll(List.of(models));
        return this;
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

    public FakeOllama chunks(int count) {
        this.chunkCount = count;
        return this;
    }

    /** The context length /api/show reports; null leaves it out. */
    public FakeOllama contextLength(Integer tokens) {
        this.contextLength = tokens;
        return this;
    }

    /** The next {@code count} connections are closed before any byte of an answer. */
    public FakeOllama dropConnections(int count) {
        connectionsToDrop.set(count);
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

    /** Waits until a client hung up on a streaming answer. */
    public boolean awaitDisconnect(long millis) throws InterruptedException {
        return disconnected.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        requests.add(new Recorded(ex.getRequestMethod(), path, body, Map.copyOf(ex.getRequestHeaders())));
        if (connectionsToDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new DroppedConnection(); // the server closes the socket without answering
        }
        if (busyAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            sendFixtureError(ex, "error_server_busy.json");
            return;
        }
        JsonNode request = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        String method = ex.getRequestMethod();
        switch (path) {
            case "/" -> sendText(ex, method.equals("HEAD") ? null : "Ollama is running");
            case "/api/version" -> sendJson(ex, 200, fixture("version.json"));
            case "/api/tags" -> sendJson(ex, 200, tags());
            case "/api/ps" -> sendJson(ex, 200, fixture("ps.json"));
            case "/api/show" -> show(ex, request);
            case "/api/delete" -> delete(ex, request);
            case "/api/pull" -> pull(ex, request);
            case "/api/chat", "/api/generate" -> answer(ex, request, path.equals("/api/chat"));
            default -> sendJson(ex, 404, JSON.createObjectNode().put("error", "404 page not found"));
        }
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
        tags.set("models", kept);
        return tags;
    }

    private boolean isInstalled(String model) {
        return installed.contains(model) || installed.contains(model + ":latest");
    }

    private void show(HttpExchange ex, JsonNode request) throws IOException {
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
        sendJson(ex, 200, show);
    }

    private void delete(HttpExchange ex, JsonNode request) throws IOException {
        String model = modelOf(request);
        if (!installed.remove(model) && !installed.remove(model + ":latest")) {
            sendJson(ex, 404, notFound(model));
            return;
        }
        ex.sendResponseHeaders(200, -1);
        ex.close();
    }

    private void pull(HttpExchange ex, JsonNode request) throws IOException {
        String model = modelOf(request);
        boolean exists = !model.startsWith("missing");
        List<String> lines = fixtureLines(exists ? "pull_stream_ok.ndjson" : "pull_stream_error.ndjson");
        if (exists) {
            installed.add(model); // before the stream ends, so a list right after "success" sees it
        }
        stream(ex, lines, 5);
    }

    private void answer(HttpExchange ex, JsonNode request, boolean chat) throws IOException {
        String model = modelOf(request);
        if (!isInstalled(model)) {
            sendJson(ex, 404, notFoundTryPulling(model));
            return;
        }
        boolean loadOnly = chat ? request.path("messages").isEmpty() : !request.has("prompt");
        if (loadOnly) {
            JsonNode keepAlive = request.path("keep_alive");
            String file = keepAlive.isNumber() && keepAlive.asInt() == 0
                    ? "generate_unload_model.json"
                    : "generate_load_model.json";
            ObjectNode response = (ObjectNode) fixture(file).path("response");
            response.put("model", model);
            sendJson(ex, 200, response);
            return;
        }
        Answer answer = answers.getOrDefault(model, defaultAnswer);
        boolean stream = request.path("stream").asBoolean(true);
        if (answer == Answer.SLOW_FIRST_BYTE) {
            sleep(firstByteDelayMillis);
        }
        List<String> lines = answerLines(answer, request, model, chat);
        if (!stream && answer != Answer.CUT && answer != Answer.SLOW_STREAM) {
            sendJson(ex, 200, collapse(lines, chat));
            return;
        }
        switch (answer) {
            case CUT -> {
                stream(ex, lines.subList(0, 2), 0);
                throw new DroppedConnection();
            }
            case SLOW_STREAM -> slowStream(ex, lines);
            default -> stream(ex, lines, 0);
        }
    }

    private List<String> answerLines(Answer answer, JsonNode request, String model, boolean chat) {
        String file = chat ? "chat_stream_ok.ndjson" : "generate_stream_ok.ndjson";
        List<String> lines =
                switch (answer) {
                    case THINKING -> fixtureLines("chat_stream_thinking.ndjson");
                    case ERROR_MIDSTREAM -> fixtureLines("chat_stream_error_midstream.ndjson");
                    case ECHO -> chunked(file, List.of("echo", ": ", lastUserText(request, chat)), request);
                    case MANY_CHUNKS -> chunked(file, wordChunks(chunkCount), request);
                    case HOSTILE -> chunked(file, HOSTILE_CHUNKS, request);
                    case HOSTILE_ERROR -> hostileError(file, request);
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
        ObjectNode last = null;
        for (String line : lines) {
            ObjectNode node = (ObjectNode) readTree(line);
            if (node.has("error")) {
                return node;
            }
            content.append(
                    chat
                            ? node.path("message").path("content").asText()
                            : node.path("response").asText());
            last = node;
        }
        if (chat) {
            ((ObjectNode) last.path("message")).put("content", content.toString());
        } else {
            last.put("response", content.toString());
        }
        return last;
    }

    private void stream(HttpExchange ex, List<String> lines, long pauseMillis) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
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

    private void slowStream(HttpExchange ex, List<String> lines) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
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
        }
    }

    private void clientGone() {
        disconnects.incrementAndGet();
        disconnected.countDown();
    }

    private static void sendText(HttpExchange ex, String text) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (text == null) {
            ex.sendResponseHeaders(200, -1);
        } else {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    private static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private static void sendFixtureError(HttpExchange ex, String file) throws IOException {
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
        try (InputStream in = FakeOllama.class.getResourceAsStream("/ollama-api/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
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

    /** Thrown from a handler to make the server drop the connection without finishing the answer. */
    private static final class DroppedConnection extends RuntimeException {
        DroppedConnection() {
            super("connection dropped on purpose", null, false, false);
        }
    }

    /**
     * Runs the fake on its own for scripts: {@code --port N} (0 picks one), {@code --port-file F}
     * (written once listening), {@code --chunks N} (every answer streams N chunks), {@code
     * --drop-first N}, {@code --answer NAME}.
     */
    public static void main(String[] args) throws Exception {
        int port = 0;
        Path portFile = null;
        FakeOllama fake = null;
        Integer chunks = null;
        int drop = 0;
        Answer answer = Answer.OK;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--port-file" -> portFile = Path.of(args[++i]);
                case "--chunks" -> chunks = Integer.parseInt(args[++i]);
                case "--drop-first" -> drop = Integer.parseInt(args[++i]);
                case "--answer" -> answer = Answer.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        fake = start(port).answer(chunks != null ? Answer.MANY_CHUNKS : answer).dropConnections(drop);
        if (chunks != null) {
            fake.chunks(chunks);
        }
        fake.install("phi3:3.8b-mini-4k-instruct-q4_K_M", "llama3:8b-instruct-q4_K_M");
        if (portFile != null) {
            Path tmp = Files.createTempFile(portFile.toAbsolutePath().getParent(), "port", ".tmp");
            Files.writeString(tmp, String.valueOf(fake.port()));
            Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println("fake ollama listening on " + fake.url());
        Thread.currentThread().join();
    }
}
