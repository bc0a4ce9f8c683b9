package dev.jollama.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.sun.net.httpserver.HttpServer;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.StreamBrokenException;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import dev.jollama.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stream parser against what a broken or hostile daemon could send: randomly mutated streams,
 * every field of the wrong type, truncated and huge lines, invalid UTF-8, deep nesting. It may refuse
 * a stream, but only as an IOException that the client turns into a {@link JollamaException}: never
 * an uncaught exception, never a hang. The seed is fixed so a failure can be replayed; set
 * {@code -Djollama.fuzz.seed=N} to explore others.
 */
class HostileStreamTest {

    static {
        // Without it each small answer waits out a delayed ACK (~40 ms): 300 cases would take 13 s.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final long SEED = Long.getLong("jollama.fuzz.seed", 20261125L);
    private static final JsonFactory TOKENS = new JsonFactory();
    private static final byte[] VALID = fixture("chat_stream_ok.ndjson");
    private static final String FIRST_LINE =
            new String(VALID, StandardCharsets.UTF_8).lines().findFirst().orElseThrow();

    private final AtomicReference<byte[]> body = new AtomicReference<>(VALID);
    private final HttpServer server = serve(body);
    private final HttpOllamaDaemon daemon = new HttpOllamaDaemon(
            OllamaHost.parse("http://127.0.0.1:" + server.getAddress().getPort()), Timeouts.DEFAULT);

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void randomlyMutatedStreamsFailOnlyAsIoExceptions() {
        Random random = new Random(SEED);
        for (int n = 0; n < 20_000; n++) {
            byte[] mutated = mutate(VALID, random);
            try {
                parseAll(mutated);
            } catch (IOException refused) {
                // a refusal the client reports as a broken stream
            } catch (RuntimeException | StackOverflowError e) {
                fail("seed " + SEED + ", case " + n + ": " + e + " for " + preview(mutated), e);
            }
        }
    }

    @Test
    void randomlyMutatedStreamsEndInAnAnswerOrAJollamaExceptionThroughTheClient() {
        Random random = new Random(SEED + 1);
        for (int n = 0; n < 300; n++) {
            byte[] mutated = mutate(VALID, random);
            body.set(mutated);
            try {
                daemon.chat(request(), text -> {}, new Cancellation());
            } catch (JollamaException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (RuntimeException e) {
                fail("seed " + (SEED + 1) + ", case " + n + ": " + e + " for " + preview(mutated), e);
            }
        }
    }

    @Test
    void aFieldOfTheWrongTypeIsReadAsAbsentAndTheNextLineStillParses() throws IOException {
        List<String> fields = List.of(
                "model",
                "message",
                "response",
                "thinking",
                "done",
                "done_reason",
                "error",
                "status",
                "digest",
                "total",
                "completed",
                "total_duration",
                "load_duration",
                "prompt_eval_count",
                "prompt_eval_duration",
                "eval_count",
                "eval_duration");
        List<String> values = List.of(
                "{\"content\":\"smuggled\",\"done\":true}",
                "[1,[2,{\"a\":[]}]]",
                "\"text\"",
                "1e400",
                "-1e400",
                "123456789012345678901234567890",
                "-7",
                "3.5",
                "true",
                "null");
        for (String field : fields) {
            for (String value : values) {
                String hostile = "{\"" + field + "\":" + value + ",\"model\":\"m\"}\n" + FIRST_LINE + "\n";
                List<StreamLine> lines = parseAll(hostile.getBytes(StandardCharsets.UTF_8));
                assertThat(lines).as(hostile).hasSize(2);
                assertThat(lines.get(0).model()).as(hostile).isEqualTo("m");
                assertThat(lines.get(1).contentText()).as(hostile).isEqualTo("The");
                assertThat(lines.get(0).evalCount()).as(hostile).isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void aMessageFieldOfTheWrongTypeIsReadAsAbsent() throws IOException {
        for (String value : List.of("{}", "[]", "{\"x\":{\"y\":1}}", "5", "true")) {
            String line = "{\"message\":{\"role\":\"assistant\",\"content\":" + value + "}}\n" + FIRST_LINE;
            List<StreamLine> lines = parseAll(line.getBytes(StandardCharsets.UTF_8));
            assertThat(lines).as(line).hasSize(2);
            assertThat(lines.get(1).contentText()).isEqualTo("The");
        }
    }

    @Test
    void aTruncatedStreamIsReportedAsIncomplete() {
        body.set(java.util.Arrays.copyOf(VALID, VALID.length / 2));
        assertThatThrownBy(() -> daemon.chat(request(), text -> {}, new Cancellation()))
                .isInstanceOf(StreamBrokenException.class)
                .hasMessageContaining("the answer is incomplete");
    }

    @Test
    void invalidUtf8IsABrokenStreamNotMangledText() {
        byte[] bad = (FIRST_LINE.replace("\"The\"", "\"T\u0001e\"") + "\n").getBytes(StandardCharsets.UTF_8);
        int at = new String(bad, StandardCharsets.UTF_8).indexOf('\u0001');
        bad[at] = (byte) 0xC3;
        bad[at + 1] = (byte) 0x28; // a lead byte followed by no continuation byte
        body.set(bad);
        assertThatThrownBy(() -> daemon.chat(request(), text -> {}, new Cancellation()))
                .isInstanceOf(StreamBrokenException.class)
                .hasMessageStartingWith("Ollama sent something that is not JSON: Invalid UTF-8");
    }

    @Test
    void deepNestingIsRefusedWithoutExhaustingTheStack() {
        String deep = "{\"extra\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}\n";
        body.set(deep.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> daemon.chat(request(), text -> {}, new Cancellation()))
                .isInstanceOf(StreamBrokenException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void aLineBeyondTheStringLimitIsRefusedAndALargeOneBelowItIsRead() {
        String big = "x".repeat(5_000_000);
        body.set(("{\"message\":{\"content\":\"" + big + "\"},\"done\":true}\n").getBytes(StandardCharsets.UTF_8));
        Completion done = daemon.chat(whole(), text -> {}, new Cancellation());
        assertThat(done.content()).hasSize(5_000_000);
        // Streamed, the same line reaches the listener whole and only its start is kept (KeptText).
        StringBuilder shown = new StringBuilder();
        Completion streamed = daemon.chat(request(), shown::append, new Cancellation());
        assertThat(shown).hasSize(5_000_000);
        assertThat(streamed.content()).hasSize((int) KeptText.DEFAULT_LIMIT);
        assertThat(streamed.truncated()).isTrue();

        // Jackson's default limit is 20,000,000 characters, below what jollama itself may send (32MiB).
        String large = "y".repeat(21_000_000);
        body.set(("{\"message\":{\"content\":\"" + large + "\"},\"done\":true}\n").getBytes(StandardCharsets.UTF_8));
        assertThat(daemon.chat(whole(), text -> {}, new Cancellation()).content())
                .hasSize(21_000_000);

        String huge = "z".repeat(Json.MAX_TEXT_CHARS + 1);
        body.set(("{\"message\":{\"content\":\"" + huge + "\"},\"done\":true}\n").getBytes(StandardCharsets.UTF_8));
        huge = null;
        assertThatThrownBy(() -> daemon.chat(whole(), text -> {}, new Cancellation()))
                .isInstanceOf(StreamBrokenException.class)
                .hasMessageContaining("larger than jollama accepts (256M characters)");
    }

    private static ChatRequest request() {
        return new ChatRequest("llama3.2", List.of(ChatMessage.user("hi")), Map.of(), null, null, null, true);
    }

    /** {@code "stream": false}, as --no-stream asks: the answer is one value, kept whole. */
    private static ChatRequest whole() {
        return new ChatRequest("llama3.2", List.of(ChatMessage.user("hi")), Map.of(), null, null, null, false);
    }

    private static List<StreamLine> parseAll(byte[] bytes) throws IOException {
        List<StreamLine> lines = new java.util.ArrayList<>();
        try (JsonParser p = TOKENS.createParser(bytes)) {
            StreamLineParser parser = new StreamLineParser();
            StreamLine line;
            while ((line = parser.next(p)) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** One to eight edits: flipped bytes, inserted bytes JSON cares about or invalid UTF-8, cuts, copies. */
    static byte[] mutate(byte[] input, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] current = input;
        int edits = 1 + random.nextInt(8);
        byte[] special = "{}[]\":,\\\n 0-9eE.tfn\u0000".getBytes(StandardCharsets.UTF_8);
        for (int e = 0; e < edits && current.length > 0; e++) {
            int at = random.nextInt(current.length);
            out.reset();
            switch (random.nextInt(6)) {
                case 0 -> { // flip a byte to anything
                    current = current.clone();
                    current[at] = (byte) random.nextInt(256);
                    continue;
                }
                case 1 -> { // insert a byte that matters to JSON
                    out.write(current, 0, at);
                    out.write(special[random.nextInt(special.length)]);
                    out.write(current, at, current.length - at);
                }
                case 2 -> { // insert invalid or overlong UTF-8
                    byte[][] bad = {
                        {(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC0, (byte) 0xAF}
                    };
                    out.write(current, 0, at);
                    out.writeBytes(bad[random.nextInt(bad.length)]);
                    out.write(current, at, current.length - at);
                }
                case 3 -> out.write(current, 0, at); // truncate
                case 4 -> { // delete a span
                    int end = Math.min(current.length, at + 1 + random.nextInt(20));
                    out.write(current, 0, at);
                    out.write(current, end, current.length - end);
                }
                default -> { // duplicate a span
                    int end = Math.min(current.length, at + 1 + random.nextInt(40));
                    out.write(current, 0, end);
                    out.write(current, at, current.length - at);
                }
            }
            current = out.toByteArray();
        }
        return current;
    }

    private static String preview(byte[] bytes) {
        return HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 400));
    }

    private static byte[] fixture(String name) {
        try (InputStream in = HostileStreamTest.class.getResourceAsStream("/ollama-api/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer serve(AtomicReference<byte[]> body) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            s.createContext("/", ex -> {
                ex.getRequestBody().readAllBytes();
                byte[] b = body.get();
                ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
                ex.sendResponseHeaders(200, b.length == 0 ? -1 : b.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(b);
                }
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
