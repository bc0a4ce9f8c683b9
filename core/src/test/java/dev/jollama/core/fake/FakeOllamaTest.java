package dev.jollama.core.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.core.fake.FakeOllama.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fake daemon at the level of bytes on a plain socket, so that no client (ours or the JDK's) hides
 * what it sends, when it stays silent, and when it notices a hang-up.
 */
class FakeOllamaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    // Generous: a bound for a loaded machine, not a measure of speed.
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final FakeOllama fake = FakeOllama.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void stallSendsTheHeadersAndThreeChunksThenNothingUntilTheClientHangsUp() throws Exception {
        fake.answer(Answer.STALL);
        try (Socket socket = connect()) {
            send(socket, "POST", "/api/chat", CHAT);
            Head head = readHead(socket.getInputStream());
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("application/x-ndjson");
            assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
            List<String> contents = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JsonNode line = JSON.readTree(readChunk(socket.getInputStream()));
                assertThat(line.path("done").asBoolean()).isFalse();
                contents.add(line.path("message").path("content").asText());
            }
            assertThat(contents).containsExactly("echo", ": ", "hi");

            assertSilentFor(socket, 300);
            assertThat(fake.disconnects()).isZero();
        }
        assertThat(fake.awaitDisconnect(2000))
                .as("the fake noticed within 2 s that the client hung up on a stalled answer")
                .isTrue();
        assertThat(fake.disconnects()).isEqualTo(1);
    }

    @Test
    void stallAfterSetsHowManyChunksComeBeforeTheSilence() throws Exception {
        fake.answer(Answer.STALL).stallAfter(1);
        try (Socket socket = connect()) {
            send(socket, "POST", "/api/generate", "{\"model\":\"llama3.2\",\"prompt\":\"hi\"}");
            assertThat(readHead(socket.getInputStream()).status()).isEqualTo(200);
            assertThat(JSON.readTree(readChunk(socket.getInputStream()))
                            .path("response")
                            .asText())
                    .isEqualTo("echo");
            assertSilentFor(socket, 300);
        }
        assertThat(fake.awaitDisconnect(2000))
                .as("the hang-up after one chunk was seen")
                .isTrue();
    }

    @Test
    void silentBeforeHeadersSendsNoByteUntilTheClientHangsUp() throws Exception {
        fake.answer(Answer.SILENT_BEFORE_HEADERS);
        try (Socket socket = connect()) {
            send(socket, "POST", "/api/chat", CHAT);
            assertSilentFor(socket, 300);
            assertThat(fake.requests("/api/chat")).hasSize(1);
            assertThat(fake.disconnects()).isZero();
        }
        assertThat(fake.awaitDisconnect(2000))
                .as("the fake noticed within 2 s that the client hung up before any header")
                .isTrue();
    }

    @Test
    void aHangUpDuringASlowStreamIsCounted() throws Exception {
        fake.answer(Answer.SLOW_STREAM);
        try (Socket socket = connect()) {
            send(socket, "POST", "/api/chat", CHAT);
            assertThat(readHead(socket.getInputStream()).status()).isEqualTo(200);
            readChunk(socket.getInputStream());
        }
        assertThat(fake.awaitDisconnect(2000))
                .as("the slow stream noticed the hang-up at its next write")
                .isTrue();
    }

    @Test
    void cutSendsTwoChunksThenClosesWithoutTheEndOfTheBody() throws Exception {
        fake.answer(Answer.CUT);
        try (Socket socket = connect()) {
            send(socket, "POST", "/api/chat", CHAT);
            InputStream in = socket.getInputStream();
            assertThat(readHead(in).status()).isEqualTo(200);
            readChunk(in);
            readChunk(in);
            assertThat(in.read())
                    .as("the end of the connection instead of the last chunk")
                    .isEqualTo(-1);
        }
    }

    @Test
    void dropConnectionsClosesWithoutAnAnswer() throws Exception {
        fake.dropConnections(1);
        try (Socket socket = connect()) {
            send(socket, "GET", "/api/tags", null);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket socket = connect()) {
            send(socket, "GET", "/api/tags", null);
            assertThat(readHead(socket.getInputStream()).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/chat", "/api/generate"})
    void aKeepAliveStringWithoutAUnitIsRejectedInGosWords(String path) throws Exception {
        for (String body : List.of(
                "{\"model\":\"llama3.2\",\"keep_alive\":\"-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "{\"model\":\"llama3.2\",\"keep_alive\":\"-1\",\"prompt\":\"hi\"}",
                "{\"model\":\"llama3.2\",\"keep_alive\":\"-1\"}")) {
            Response response = exchange("POST", path, body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"error\":\"time: missing unit in duration \\\"-1\\\"\"}");
        }
        Response thirty = exchange("POST", path, "{\"model\":\"llama3.2\",\"keep_alive\":\"30\"}");
        assertThat(thirty.status()).isEqualTo(400);
        assertThat(JSON.readTree(thirty.body()).path("error").asText())
                .isEqualTo("time: missing unit in duration \"30\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "0", "300", "\"-1m\"", "\"5m\"", "\"1h30m\"", "\"0\"", "\"0s\"", "null"})
    void aKeepAliveNumberOrGoDurationIsAccepted(String keepAlive) throws Exception {
        Response chat = exchange(
                "POST",
                "/api/chat",
                "{\"model\":\"llama3.2\",\"stream\":false,\"keep_alive\":" + keepAlive
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(chat.status()).isEqualTo(200);
        Response load = exchange("POST", "/api/generate", "{\"model\":\"llama3.2\",\"keep_alive\":" + keepAlive + "}");
        assertThat(load.status()).isEqualTo(200);
    }

    @Test
    void aZeroKeepAliveUnloadsAsANumberOrAsADuration() throws Exception {
        for (String keepAlive : List.of("0", "\"0\"", "\"0s\"")) {
            Response response =
                    exchange("POST", "/api/generate", "{\"model\":\"llama3.2\",\"keep_alive\":" + keepAlive + "}");
            assertThat(JSON.readTree(response.body()).path("done_reason").asText())
                    .as(keepAlive)
                    .isEqualTo("unload");
        }
        Response load = exchange("POST", "/api/generate", "{\"model\":\"llama3.2\",\"keep_alive\":\"5m\"}");
        assertThat(JSON.readTree(load.body()).path("done_reason").asText()).isNotEqualTo("unload");
    }

    @Test
    void aBodyThatIsNotJsonIsABadRequest() throws Exception {
        Response response = exchange("POST", "/api/chat", "{model: llama3.2}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").asText()).startsWith("invalid character 'm'");
        Response truncated = exchange("POST", "/api/show", "{\"model\":");
        assertThat(truncated.status()).isEqualTo(400);
        assertThat(JSON.readTree(truncated.body()).path("error").asText()).isEqualTo("unexpected EOF");
    }

    @Test
    void embedTakesAStringOrAnArrayOfStringsAndNothingElse() throws Exception {
        Response one = exchange("POST", "/api/embed", "{\"model\":\"llama3.2\",\"input\":\"hello\"}");
        assertThat(one.status()).isEqualTo(200);
        JsonNode body = JSON.readTree(one.body());
        assertThat(body.path("model").asText()).isEqualTo("llama3.2");
        assertThat(body.path("embeddings")).hasSize(1);
        assertThat(body.path("embeddings").get(0)).hasSize(8);
        assertThat(body.path("prompt_eval_count").asInt()).isEqualTo(2);
        assertThat(body.has("total_duration")).isTrue();
        assertThat(body.has("load_duration")).isTrue();
        // Plain decimals as Go writes float32s, never Java's 1.0E-4 notation.
        assertThat(one.body()).doesNotContain("E");

        Response two = exchange("POST", "/api/embed", "{\"model\":\"llama3.2\",\"input\":[\"a\",\"b\"]}");
        assertThat(JSON.readTree(two.body()).path("embeddings")).hasSize(2);

        for (String input : List.of("42", "[\"a\",1]", "{\"text\":\"a\"}", "[[\"a\"]]")) {
            Response bad = exchange("POST", "/api/embed", "{\"model\":\"llama3.2\",\"input\":" + input + "}");
            assertThat(bad.status()).as(input).isEqualTo(400);
            assertThat(bad.body()).as(input).isEqualTo("{\"error\":\"invalid input type\"}");
        }
    }

    @Test
    void embedWithNoInputOrAnEmptyStringAnswersNoVectors() throws Exception {
        for (String body : List.of(
                "{\"model\":\"llama3.2\"}",
                "{\"model\":\"llama3.2\",\"input\":\"\"}",
                "{\"model\":\"llama3.2\",\"input\":[]}")) {
            Response response = exchange("POST", "/api/embed", body);
            assertThat(response.status()).as(body).isEqualTo(200);
            assertThat(response.body()).as(body).isEqualTo("{\"model\":\"llama3.2\",\"embeddings\":[]}");
        }
    }

    @Test
    void embedChecksTheModelAfterTheRequestBindsAndBeforeTheInput() throws Exception {
        Response noModel = exchange("POST", "/api/embed", "{\"input\":\"hi\"}");
        assertThat(noModel.status()).isEqualTo(400);
        assertThat(noModel.body()).isEqualTo("{\"error\":\"model is required\"}");

        Response unknown = exchange("POST", "/api/embed", "{\"model\":\"nomic-embed-text\",\"input\":\"hi\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").asText())
                .isEqualTo("model \"nomic-embed-text\" not found, try pulling it first");

        Response badTruncate = exchange("POST", "/api/embed", "{\"model\":\"\",\"input\":\"hi\",\"truncate\":\"no\"}");
        assertThat(badTruncate.status()).isEqualTo(400);
        assertThat(JSON.readTree(badTruncate.body()).path("error").asText())
                .isEqualTo("json: cannot unmarshal string into Go struct field EmbedRequest.truncate of type bool");

        Response badDimensions =
                exchange("POST", "/api/embed", "{\"model\":\"llama3.2\",\"input\":\"hi\",\"dimensions\":2.5}");
        assertThat(JSON.readTree(badDimensions.body()).path("error").asText())
                .isEqualTo(
                        "json: cannot unmarshal number 2.5 into Go struct field EmbedRequest.dimensions of type int");
    }

    @Test
    void embedRefusesAnInputBeyondTheContextOnlyWhenTruncateIsFalse() throws Exception {
        String longText = "x".repeat(4 * 4096 + 1);
        Response refused = exchange(
                "POST",
                "/api/embed",
                "{\"model\":\"llama3.2\",\"truncate\":false,\"input\":[\"short\",\"" + longText + "\"]}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("{\"error\":\"the input length exceeds the context length\"}");

        Response withLargerContext = exchange(
                "POST",
                "/api/embed",
                "{\"model\":\"llama3.2\",\"truncate\":false,\"options\":{\"num_ctx\":8192},\"input\":\"" + longText
                        + "\"}");
        assertThat(withLargerContext.status()).isEqualTo(200);

        Response cut = exchange("POST", "/api/embed", "{\"model\":\"llama3.2\",\"input\":\"" + longText + "\"}");
        assertThat(cut.status()).isEqualTo(200);
        assertThat(JSON.readTree(cut.body()).path("prompt_eval_count").asInt()).isEqualTo(4096);
    }

    @Test
    void twoRequestsShareOneKeptAliveConnection() throws Exception {
        try (Socket socket = connect()) {
            InputStream in = socket.getInputStream();
            send(socket, "POST", "/api/chat", CHAT);
            Head stream = readHead(in);
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Connection")).isNull();
            StringBuilder lines = new StringBuilder();
            for (String chunk; !(chunk = readChunk(in)).isEmpty(); ) {
                lines.append(chunk);
            }
            assertThat(lines.toString()).contains("\"done\":true");

            send(socket, "GET", "/api/version", null);
            Head version = readHead(in);
            assertThat(version.status()).isEqualTo(200);
            byte[] body = in.readNBytes(Integer.parseInt(version.header("Content-Length")));
            assertThat(JSON.readTree(body).path("version").asText()).isEqualTo("0.13.5");
        }
        assertThat(fake.requests()).extracting(FakeOllama.Recorded::path).containsExactly("/api/chat", "/api/version");
    }

    @Test
    void connectionCloseFromTheClientIsHonoured() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            Head head = readHead(in);
            assertThat(head.header("Connection")).isEqualTo("close");
            assertThat(new String(
                            in.readNBytes(Integer.parseInt(head.header("Content-Length"))), StandardCharsets.UTF_8))
                    .isEqualTo("Ollama is running");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void aChunkedRequestBodyIsRead() throws Exception {
        String json = "{\"model\":\"llama3.2\"}";
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            String head = "POST /api/show HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n";
            String body = Integer.toHexString(5) + "\r\n" + json.substring(0, 5) + "\r\n"
                    + Integer.toHexString(json.length() - 5) + ";ext=1\r\n" + json.substring(5) + "\r\n0\r\n\r\n";
            out.write((head + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(readHead(socket.getInputStream()).status()).isEqualTo(200);
        }
        assertThat(fake.requests("/api/show").get(0).body()).isEqualTo(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing-model", "nosuchmodel", "nosuch:7b"})
    void pullingAModelThatDoesNotExistStreamsTheErrorLine(String model) throws Exception {
        Response response = exchange("POST", "/api/pull", "{\"model\":\"" + model + "\"}");
        assertThat(response.status()).isEqualTo(200);
        List<String> lines = response.body().lines().toList();
        assertThat(JSON.readTree(lines.get(lines.size() - 1)).has("error")).isTrue();
        Response tags = exchange("GET", "/api/tags", null);
        assertThat(tags.body()).doesNotContain(model);
    }

    @Test
    void aHangUpOverTlsIsSeenWhileStalled() throws Exception {
        try (FakeOllama https = FakeOllama.startHttps().answer(Answer.STALL)) {
            try (Socket socket = FakeOllama.trustingSocketFactory().createSocket("127.0.0.1", https.port())) {
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                send(socket, "POST", "/api/chat", CHAT);
                assertThat(readHead(socket.getInputStream()).status()).isEqualTo(200);
            }
            assertThat(https.awaitDisconnect(2000))
                    .as("the fake noticed within 2 s that the TLS client hung up")
                    .isTrue();
        }
    }

    @Test
    void closingTheFakeEndsAStalledConnectionOverTlsWithoutCountingAHangUp() throws Exception {
        try (FakeOllama https = FakeOllama.startHttps().answer(Answer.STALL);
                Socket socket = FakeOllama.trustingSocketFactory().createSocket("127.0.0.1", https.port())) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            send(socket, "POST", "/api/chat", CHAT);
            InputStream in = socket.getInputStream();
            assertThat(readHead(in).status()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                readChunk(in);
            }
            https.close();
            assertThatThrownBy(() -> {
                        if (in.read() < 0) {
                            throw new IOException("end of stream");
                        }
                    })
                    .as("the stalled connection ends when the fake closes")
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(SocketTimeoutException.class);
            assertThat(https.disconnects()).isZero();
        }
    }

    private static final String TOOLS =
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{}}}]";

    @Test
    void toolsAnswerAUserMessageWithTheSampleStreamLineForLine() throws Exception {
        fake.capabilities("llama3.2", "completion", "tools").answer(Answer.TOOLS);

        Response response = exchange(
                "POST",
                "/api/chat",
                "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Tokyo?\"}]," + TOOLS + "}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().lines().toList())
                .isEqualTo(FakeOllama.resourceLines("/tools-api/ollama_chat_stream_tool_calls.ndjson"));
    }

    @Test
    void toolCallsComeWithIdAndIndexOnlyWhenScriptedSo() throws Exception {
        fake.capabilities("llama3.2", "completion", "tools")
                .toolCalls(
                        FakeOllama.Call.of("a", "{\"x\":1}").withId("call_1").withIndex(0),
                        FakeOllama.Call.of("b", "{}"))
                .oneCallPerChunk(true);

        Response response = exchange(
                "POST",
                "/api/chat",
                "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]," + TOOLS + "}");

        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.body().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).path("message").path("tool_calls"))
                .isEqualTo(JSON.readTree(
                        "[{\"id\":\"call_1\",\"function\":{\"index\":0,\"name\":\"a\",\"arguments\":{\"x\":1}}}]"));
        assertThat(lines.get(1).path("message").path("tool_calls"))
                .isEqualTo(JSON.readTree("[{\"function\":{\"name\":\"b\",\"arguments\":{}}}]"));
        assertThat(lines.get(2).path("done").asBoolean()).isTrue();
    }

    @Test
    void aToolResultIsQuotedBackAndAChatWithoutToolsIsEchoed() throws Exception {
        fake.capabilities("llama3.2", "completion", "tools").answer(Answer.TOOLS);

        Response result = exchange(
                "POST",
                "/api/chat",
                "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"?\"},"
                        + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"a\","
                        + "\"arguments\":{}}},{\"function\":{\"name\":\"b\",\"arguments\":{}}}]},"
                        + "{\"role\":\"tool\",\"tool_name\":\"a\",\"content\":\"one\"},"
                        + "{\"role\":\"tool\",\"tool_name\":\"b\",\"content\":\"two\"}]," + TOOLS + "}");
        Response plain = exchange("POST", "/api/chat", CHAT.replace("}]}", "}],\"stream\":false}"));

        assertThat(JSON.readTree(result.body()).path("message").path("content").asText())
                .isEqualTo("tool said: one; two");
        assertThat(JSON.readTree(plain.body()).path("message").path("content").asText())
                .isEqualTo("echo: hi");
    }

    @Test
    void toolsOfferedToAModelWithoutTheCapabilityAreRefusedInOllamasWords() throws Exception {
        fake.answer(Answer.TOOLS);

        Response response = exchange(
                "POST",
                "/api/chat",
                "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"?\"}]," + TOOLS + "}");
        Response missing = exchange(
                "POST",
                "/api/chat",
                "{\"model\":\"nosuch\",\"messages\":[{\"role\":\"user\",\"content\":\"?\"}]," + TOOLS + "}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body())
                .isEqualTo("{\"error\":\"registry.ollama.ai/library/llama3.2:latest does not support tools\"}");
        assertThat(missing.status()).isEqualTo(404); // the model is looked up first
    }

    @Test
    void callArgumentsThatAreNotAnObjectAreABadRequest() throws Exception {
        fake.capabilities("llama3.2", "completion", "tools");

        Response response = exchange(
                "POST",
                "/api/chat",
                "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
                        + "[{\"function\":{\"name\":\"a\",\"arguments\":\"{\\\"x\\\":1}\"}}]}]}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").asText())
                .isEqualTo("Value looks like object, but can't find closing '}' symbol");
    }

    @Test
    void showListsTheCapabilitiesAModelIsGiven() throws Exception {
        fake.capabilities("qwen3:8b", "completion", "tools", "thinking");

        JsonNode given = JSON.readTree(
                exchange("POST", "/api/show", "{\"model\":\"qwen3:8b\"}").body());
        JsonNode fixture = JSON.readTree(
                exchange("POST", "/api/show", "{\"model\":\"llama3.2\"}").body());

        assertThat(given.path("capabilities")).isEqualTo(JSON.readTree("[\"completion\",\"tools\",\"thinking\"]"));
        assertThat(fixture.path("capabilities")).isEqualTo(JSON.readTree("[\"completion\",\"vision\"]"));
    }

    @Test
    void errorsNameTheModelAsOllamaParsesIt() {
        assertThat(FakeOllama.fullName("llama3.2")).isEqualTo("registry.ollama.ai/library/llama3.2:latest");
        assertThat(FakeOllama.fullName("qwen3:8b")).isEqualTo("registry.ollama.ai/library/qwen3:8b");
        assertThat(FakeOllama.fullName("user/model")).isEqualTo("registry.ollama.ai/user/model:latest");
        assertThat(FakeOllama.fullName("host.io/ns/m:q4")).isEqualTo("host.io/ns/m:q4");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", fake.port());
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    @Test
    void signedOutACloudModelGetsOllamasUnauthorizedBodyByteForByte() throws Exception {
        fake.signedIn(false);
        String cloudChat = CHAT.replace("llama3.2", "gpt-oss:120b-cloud");
        Response chat = exchange("POST", "/api/chat", cloudChat);
        assertThat(chat.status()).isEqualTo(401);
        // gin's c.JSON(401, gin.H{"error": "unauthorized", "signin_url": …}): keys sorted, & as \u0026.
        assertThat(chat.body())
                .isEqualTo("{\"error\":\"unauthorized\",\"signin_url\":\"https://ollama.com/connect?name=fake-host"
                        + "\\u0026key=c3NoLWVkMjU1MTkgQUFBQUMzTnphQzFsWkRJMU5URTVBQUFBSUZha2U\"}");
        assertThat(exchange("POST", "/api/show", "{\"model\":\"qwen3:cloud\"}").status())
                .isEqualTo(401);
        assertThat(exchange("POST", "/api/chat", CHAT).status())
                .as("local models answer")
                .isEqualTo(200);
    }

    @Test
    void signedInACloudModelIsShownWithWhereItRunsAndNoModelInfo() throws Exception {
        JsonNode show = JSON.readTree(exchange("POST", "/api/show", "{\"model\":\"gpt-oss:20b-cloud\"}")
                .body());
        assertThat(show.path("remote_model").asText()).isEqualTo("gpt-oss:20b");
        assertThat(show.path("remote_host").asText()).isEqualTo(FakeOllama.CLOUD_HOST);
        assertThat(show.path("model_info").isEmpty()).isTrue();
        assertThat(FakeOllama.isCloud("a:b-cloud")).isTrue();
        assertThat(FakeOllama.isCloud("foo:bar-cloud/baz")).isFalse();
        assertThat(FakeOllama.isCloud("my-cloud-model")).isFalse();
    }

    /** No byte arrives for this long; the silence may well last longer. */
    private static void assertSilentFor(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        assertThatThrownBy(() -> socket.getInputStream().read())
                .as("nothing arrives for %d ms", millis)
                .isInstanceOf(SocketTimeoutException.class);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    }

    private Response exchange(String method, String path, String json) throws IOException {
        try (Socket socket = connect()) {
            send(socket, method, path, json);
            InputStream in = socket.getInputStream();
            Head head = readHead(in);
            String body;
            if ("chunked".equals(head.header("Transfer-Encoding"))) {
                StringBuilder all = new StringBuilder();
                for (String chunk; !(chunk = readChunk(in)).isEmpty(); ) {
                    all.append(chunk);
                }
                body = all.toString();
            } else {
                body = new String(
                        in.readNBytes(Integer.parseInt(head.header("Content-Length"))), StandardCharsets.UTF_8);
            }
            return new Response(head.status(), body);
        }
    }

    private static void send(Socket socket, String method, String path, String json) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        if (json != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static Head readHead(InputStream in) throws IOException {
        String statusLine = readLine(in);
        assertThat(statusLine).startsWith("HTTP/1.1 ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line; !(line = readLine(in)).isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        return new Head(Integer.parseInt(statusLine.split(" ")[1]), headers);
    }

    /** One chunk of a chunked body; "" for the last (zero-length) one. */
    private static String readChunk(InputStream in) throws IOException {
        int size = Integer.parseInt(readLine(in).split(";")[0].strip(), 16);
        byte[] data = in.readNBytes(size);
        assertThat(data).hasSize(size);
        assertThat(readLine(in)).isEmpty();
        return new String(data, StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("the connection ended mid-line: " + line);
            }
            line.write(c);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private record Head(int status, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static String chatOf(String text, String extra) {
        return "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"" + text
                + "\"}]" + extra + "}";
    }

    @Test
    void anInputLongerThanTheContextWithTruncateFalseIsOllamasFourHundredBeforeAnyAnswer() throws Exception {
        String big = "x".repeat(4 * 4096); // 4096 tokens of text, plus the template's: more than 4096
        for (String path : List.of("/api/chat", "/api/generate")) {
            String body = path.equals("/api/chat")
                    ? chatOf(big, ",\"truncate\":false")
                    : "{\"model\":\"llama3.2\",\"prompt\":\"" + big + "\",\"truncate\":false}";
            Response refused = exchange("POST", path, body);
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.body())
                    .as(path)
                    .isEqualTo("{\"error\":\"the input length exceeds the context length\"}");
        }
        // What fits is answered, counted by the fake's tokenizer only when it had to cut.
        Response fits = exchange("POST", "/api/chat", chatOf("x".repeat(4000), ",\"truncate\":false"));
        assertThat(fits.status()).isEqualTo(200);
    }

    @Test
    void withTruncateTrueOrAbsentTheStartIsCutSilentlyAndPromptEvalCountSaysWhatWasRead() throws Exception {
        String big = "x".repeat(4 * 5000);
        for (String extra : List.of("", ",\"truncate\":true")) {
            Response cut = exchange("POST", "/api/chat", chatOf(big, extra));
            assertThat(cut.status()).isEqualTo(200);
            JsonNode done = JSON.readTree(cut.body());
            assertThat(done.path("prompt_eval_count").asInt()).as(extra).isEqualTo(4096);
            assertThat(done.path("done_reason").asText()).isEqualTo("stop");
        }
        // num_ctx decides, capped at the trained context (8192 by default).
        JsonNode wider = JSON.readTree(
                exchange("POST", "/api/chat", chatOf("x".repeat(4 * 10000), ",\"options\":{\"num_ctx\":100000}"))
                        .body());
        assertThat(wider.path("prompt_eval_count").asInt()).isEqualTo(8192);
        fake.defaultContext(2048);
        JsonNode smaller =
                JSON.readTree(exchange("POST", "/api/chat", chatOf(big, "")).body());
        assertThat(smaller.path("prompt_eval_count").asInt()).isEqualTo(2048);
    }

    @Test
    void aCutChatLosesWholeOldMessagesFirstKeepingTheSystemOnes() throws Exception {
        String old = "o".repeat(4 * 5000);
        String body = "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"" + "s".repeat(400) + "\"},"
                + "{\"role\":\"user\",\"content\":\"" + old + "\"},"
                + "{\"role\":\"assistant\",\"content\":\"fine\"},"
                + "{\"role\":\"user\",\"content\":\"" + "n".repeat(400) + "\"}]}";
        JsonNode done = JSON.readTree(exchange("POST", "/api/chat", body).body());
        // 1 + (100 + 4) system + (1 + 4) answer + (100 + 4) question: the old question went whole.
        assertThat(done.path("prompt_eval_count").asInt()).isEqualTo(1 + 104 + 5 + 104);
    }

    @Test
    void aDaemonOlderThanTruncateCutsWhateverTheRequestSays() throws Exception {
        fake.ignoresTruncate(true);
        Response cut = exchange("POST", "/api/chat", chatOf("x".repeat(4 * 5000), ",\"truncate\":false"));
        assertThat(cut.status()).isEqualTo(200);
        assertThat(JSON.readTree(cut.body()).path("prompt_eval_count").asInt()).isEqualTo(4096);
    }

    @Test
    void shiftFalseEndsAnAnswerThatHasNoRoomLeftWithDoneReasonLength() throws Exception {
        fake.answer(Answer.ECHO);
        String nearlyFull = "x".repeat(4 * 4089); // 1 + 4089 + 4 = 4094 tokens of 4096: no room for 3 more
        JsonNode full =
                JSON.readTree(exchange("POST", "/api/chat", chatOf(nearlyFull, ",\"truncate\":false,\"shift\":false"))
                        .body());
        assertThat(full.path("done_reason").asText()).isEqualTo("length");
        JsonNode roomy = JSON.readTree(
                exchange("POST", "/api/chat", chatOf("hi", ",\"shift\":false")).body());
        assertThat(roomy.path("done_reason").asText()).isEqualTo("stop");
    }

    @Test
    void truncateAndShiftMustBeBooleansAsGoBindsThem() throws Exception {
        Response bad = exchange("POST", "/api/chat", chatOf("hi", ",\"truncate\":\"no\""));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body())
                .isEqualTo(
                        "{\"error\":\"json: cannot unmarshal string into Go struct field ChatRequest.truncate of type bool\"}");
    }

    @Test
    void withAPromptCacheAFollowUpCountsOnlyWhatTheLastRequestDidNotBeginWith() throws Exception {
        fake.promptCache(true).answer(Answer.ECHO);
        String first = chatOf("y".repeat(400), "");
        JsonNode one = JSON.readTree(exchange("POST", "/api/chat", first).body());
        assertThat(one.path("prompt_eval_count").asInt()).isEqualTo(1 + 104);
        String second = "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"" + "y".repeat(400) + "\"},"
                + "{\"role\":\"assistant\",\"content\":\"ok\"},"
                + "{\"role\":\"user\",\"content\":\"more\"}]}";
        JsonNode two = JSON.readTree(exchange("POST", "/api/chat", second).body());
        assertThat(two.path("prompt_eval_count").asInt()).isEqualTo(1 + 104 + 5 + 5 - 104);
    }

    @Test
    void listsLoadedModelsWithTheContextTheyGot() throws Exception {
        fake.listsLoaded(true);
        exchange("POST", "/api/chat", chatOf("hi", ",\"options\":{\"num_ctx\":2048}"));
        JsonNode ps = JSON.readTree(exchange("GET", "/api/ps", "").body());
        assertThat(ps.path("models")).hasSize(1);
        assertThat(ps.path("models").get(0).path("name").asText()).isEqualTo("llama3.2");
        assertThat(ps.path("models").get(0).path("context_length").asInt()).isEqualTo(2048);
    }

    private record Response(int status, String body) {}
}
