package dev.jollama.core.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.core.fake.FakeOpenAi.Engine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake engine's tool-call streams at the level of bytes and chunks, against the samples. */
class FakeOpenAiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]";

    private final FakeOpenAi fake = FakeOpenAi.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    private static String ask(String model, String extra) {
        return "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"?\"}],"
                + TOOLS + extra + "}";
    }

    @Test
    void vllmToolCallsAreTheSampleByteForByte() throws IOException {
        fake.serve("Qwen/Qwen3-8B").answer(FakeOpenAi.Answer.TOOLS);

        Response response = post(ask("Qwen/Qwen3-8B", ""));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(FakeOllama.resourceText("/tools-api/vllm_stream_tool_calls.sse"));
    }

    @Test
    void llamaCppToolCallsAreTheSampleByteForByte() throws IOException {
        fake.serve("gpt-3.5-turbo")
                .toolStream(Engine.LLAMA_CPP)
                .toolCalls(FakeOllama.Call.of("get_weather", "{\"city\":\"Paris\"}")
                        .withId("sVxR2a"));

        Response response = post(ask("gpt-3.5-turbo", ""));

        assertThat(response.body()).isEqualTo(FakeOllama.resourceText("/tools-api/llamacpp_stream_tool_calls.sse"));
    }

    @Test
    void argumentsComeInAsManyFragmentsAndEachEventInAsManyWritesAsAsked() throws IOException {
        String arguments = "{\"city\": \"Zürich\"}";
        fake.toolCalls(FakeOllama.Call.of("get_weather", arguments))
                .argumentFragments(4)
                .writesPerEvent(3);

        Response response = post(ask("phi3:mini", ",\"stream_options\":{\"include_usage\":true}"));

        List<JsonNode> events = new ArrayList<>();
        for (String line : response.body().split("\n\n")) {
            if (!line.equals("data: [DONE]")) {
                events.add(JSON.readTree(line.substring("data: ".length())));
            }
        }
        // role, the call named, 4 fragments, the finish, the usage
        assertThat(events).hasSize(8);
        JsonNode named = events.get(1)
                .path("choices")
                .get(0)
                .path("delta")
                .path("tool_calls")
                .get(0);
        assertThat(named.path("id").asText()).isEqualTo("call_0");
        assertThat(named.path("index").asInt()).isZero();
        assertThat(named.path("function").path("arguments").asText()).isEmpty();
        StringBuilder joined = new StringBuilder();
        for (JsonNode event : events.subList(2, 6)) {
            JsonNode delta = event.path("choices")
                    .get(0)
                    .path("delta")
                    .path("tool_calls")
                    .get(0);
            assertThat(delta.path("function").path("arguments").asText()).isNotEmpty();
            joined.append(delta.path("function").path("arguments").asText());
        }
        assertThat(joined).hasToString(arguments);
        assertThat(events.get(6).path("choices").get(0).path("finish_reason").asText())
                .isEqualTo("tool_calls");
        assertThat(events.get(7).path("usage").path("completion_tokens").asInt())
                .isEqualTo(1);
        // every event but the usage's in three writes, each sent as a chunk of its own: 7 × 3 + usage + [DONE]
        assertThat(response.chunks()).isEqualTo(7 * 3 + 2);
    }

    @Test
    void theToolTurnsAreCheckedAsTheApiChecksThem() throws IOException {
        Response objectArguments = post("{\"model\":\"phi3:mini\",\"messages\":[{\"role\":\"user\",\"content\":\"?\"},"
                + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"a\",\"arguments\":{}}}]}]}");
        Response noCallId = post("{\"model\":\"phi3:mini\",\"messages\":[{\"role\":\"user\",\"content\":\"?\"},"
                + "{\"role\":\"tool\",\"content\":\"18 C\"}]}");

        assertThat(objectArguments.status()).isEqualTo(400);
        assertThat(JSON.readTree(objectArguments.body())
                        .path("error")
                        .path("message")
                        .asText())
                .isEqualTo("Invalid type for 'messages[1].tool_calls[0].function.arguments': expected a string, but"
                        + " got an object instead.");
        assertThat(noCallId.status()).isEqualTo(400);
        assertThat(JSON.readTree(noCallId.body()).path("error").path("message").asText())
                .isEqualTo("Missing required parameter: 'messages[1].tool_call_id'.");
    }

    @Test
    void aToolResultIsQuotedBack() throws IOException {
        fake.answer(FakeOpenAi.Answer.TOOLS);

        Response response = post("{\"model\":\"phi3:mini\",\"messages\":[{\"role\":\"user\",\"content\":\"?\"},"
                + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"name\":\"a\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c\",\"content\":\"18 C\"}]," + TOOLS + "}");

        assertThat(JSON.readTree(response.body())
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asText())
                .isEqualTo("tool said: 18 C");
    }

    private record Response(int status, String body, int chunks) {}

    /** One request on a plain socket; a chunked body is joined, and its chunks counted. */
    private Response post(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket =
                new Socket("127.0.0.1", java.net.URI.create(fake.url()).getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            int status = Integer.parseInt(line(in).split(" ")[1]);
            boolean chunked = false;
            int length = 0;
            for (String header; !(header = line(in)).isEmpty(); ) {
                String name = header.substring(0, header.indexOf(':')).strip();
                String value = header.substring(header.indexOf(':') + 1).strip();
                chunked |= name.equalsIgnoreCase("Transfer-Encoding") && value.equals("chunked");
                length = name.equalsIgnoreCase("Content-Length") ? Integer.parseInt(value) : length;
            }
            if (!chunked) {
                return new Response(status, new String(in.readNBytes(length), StandardCharsets.UTF_8), 0);
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            int chunks = 0;
            for (int size; (size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) > 0; chunks++) {
                all.write(in.readNBytes(size));
                line(in);
            }
            return new Response(status, all.toString(StandardCharsets.UTF_8), chunks);
        }
    }

    private static String line(InputStream in) throws IOException {
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
}
