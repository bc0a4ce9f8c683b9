package dev.jollama.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ollama's tool-calling shapes read and written as shared/tools-api has them. */
class ToolWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestJson REQUESTS = new RequestJson(Json.tokens());
    private static final String WEATHER_SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"City name\"}},"
                    + "\"required\":[\"city\"]}";

    private static String sample(String name) throws IOException {
        try (InputStream in = ToolWireTest.class.getResourceAsStream("/tools-api/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<StreamLine> lines(String ndjson) throws IOException {
        List<StreamLine> out = new ArrayList<>();
        try (JsonParser p = Json.tokens().createParser(ndjson)) {
            StreamLineParser parser = new StreamLineParser();
            for (StreamLine line; (line = parser.next(p)) != null; ) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void readsTheSampleStreamsCallWhichHasNeitherIdNorIndex() throws IOException {
        List<StreamLine> lines = lines(sample("ollama_chat_stream_tool_calls.ndjson"));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).contentText()).isEmpty();
        ToolCall call = lines.get(0).toolCalls().get(0);
        assertThat(call.id()).isNull();
        assertThat(call.index()).isNull();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.arguments()).isEqualTo(JSON.readTree("{\"city\":\"Tokyo\"}"));
        assertThat(call.rawArguments()).isEqualTo("{\"city\":\"Tokyo\"}");
        assertThat(call.argumentsValid()).isTrue();
        assertThat(lines.get(1).done()).isTrue();
        assertThat(lines.get(1).toolCalls()).isNull();
        assertThat(lines.get(1).evalCount()).isEqualTo(15);
    }

    @Test
    void readsTheIdAndIndexCurrentDaemonsSendAndKeepsTheArgumentsOrder() throws IOException {
        String line = "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                + "{\"id\":\"call_k2j4x9q1\",\"function\":{\"index\":0,\"name\":\"read_file\","
                + "\"arguments\":{\"path\":\"/tmp/a\",\"lines\":{\"to\":20,\"from\":10},\"all\":false}}},"
                + "{\"id\":\"call_p0m1n2b3\",\"function\":{\"index\":1,\"name\":\"list\",\"arguments\":{}}}]},"
                + "\"done\":false}";

        List<ToolCall> calls = lines(line).get(0).toolCalls();

        assertThat(calls).extracting(ToolCall::id).containsExactly("call_k2j4x9q1", "call_p0m1n2b3");
        assertThat(calls).extracting(ToolCall::index).containsExactly(0, 1);
        assertThat(calls.get(0).rawArguments())
                .isEqualTo("{\"path\":\"/tmp/a\",\"lines\":{\"to\":20,\"from\":10},\"all\":false}");
        assertThat(calls.get(1).arguments().isObject()).isTrue();
        assertThat(calls.get(1).rawArguments()).isEqualTo("{}");
    }

    @Test
    void argumentsThatAreNotAnObjectAreKeptAsTheyCameWithoutATree() throws IOException {
        String line = "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                + "{\"function\":{\"name\":\"a\",\"arguments\":\"{\\\"x\\\":1}\"}},"
                + "{\"function\":{\"name\":\"b\",\"arguments\":\"{\\\"x\\\": tru\"}},"
                + "{\"function\":{\"name\":\"c\",\"arguments\":[1,2]}},"
                + "{\"function\":{\"name\":\"d\",\"arguments\":null,\"index\":{\"name\":\"x\"}}},"
                + "\"not a call\"]},\"done\":false}";

        List<ToolCall> calls = lines(line).get(0).toolCalls();

        assertThat(calls).extracting(ToolCall::name).containsExactly("a", "b", "c", "d");
        assertThat(calls.get(0).arguments()).isEqualTo(JSON.readTree("{\"x\":1}"));
        assertThat(calls.get(1).argumentsValid()).isFalse();
        assertThat(calls.get(1).arguments()).isNull();
        assertThat(calls.get(1).rawArguments()).isEqualTo("{\"x\": tru");
        assertThat(calls.get(2).arguments()).isNull();
        assertThat(calls.get(2).rawArguments()).isEqualTo("[1,2]");
        assertThat(calls.get(3).arguments()).isNull();
        assertThat(calls.get(3).rawArguments()).isNull();
        assertThat(calls.get(3).index()).isNull();
    }

    @Test
    void writesTheToolResultRequestOfTheSample() throws IOException {
        JsonNode arguments = JSON.readTree("{\"city\":\"Tokyo\"}");
        ChatRequest request = new ChatRequest(
                "llama3.2",
                List.of(
                        ChatMessage.user("What is the weather in Tokyo?"),
                        ChatMessage.assistant(
                                "",
                                null,
                                List.of(new ToolCall("call_1", 0, "get_weather", arguments, "{\"city\":\"Tokyo\"}"))),
                        ChatMessage.tool("get_weather", "call_1", "{\"temp_c\": 18, \"sky\": \"clear\"}")),
                Map.of(),
                null,
                null,
                null,
                true,
                List.of(new ToolSpec("get_weather", "Current weather for a city", JSON.readTree(WEATHER_SCHEMA))));

        String written = new String(REQUESTS.write(request), StandardCharsets.UTF_8);

        assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(sample("ollama_chat_tool_result_request.json")));
        assertThat(written).contains("\"parameters\":" + WEATHER_SCHEMA);
    }

    @Test
    void aSchemaIsSentWithItsKeysInTheOrderItWasWritten() throws IOException {
        String schema = "{\"type\":\"object\",\"$defs\":{\"unit\":{\"enum\":[\"c\",\"f\"]}},\"properties\":"
                + "{\"zone\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]},\"unit\":{\"$ref\":\"#/$defs/unit\"},"
                + "\"days\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}},\"required\":[\"zone\"]}";
        ChatRequest request = new ChatRequest(
                "m",
                List.of(ChatMessage.user("hi")),
                Map.of(),
                null,
                null,
                null,
                true,
                List.of(new ToolSpec("forecast", "Days ahead", JSON.readTree(schema))));

        String written = new String(REQUESTS.write(request), StandardCharsets.UTF_8);

        assertThat(written)
                .contains("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"forecast\","
                        + "\"description\":\"Days ahead\",\"parameters\":" + schema + "}}]");
    }

    @Test
    void aCallWhoseArgumentsAreNotAnObjectGoesAsTheEmptyObjectOllamaBinds() {
        ChatRequest request = new ChatRequest(
                "m",
                List.of(ChatMessage.assistant("", null, List.of(new ToolCall("c1", 0, "get", null, "{\"a\": tr")))),
                Map.of(),
                null,
                null,
                null,
                true);

        String written = new String(REQUESTS.write(request), StandardCharsets.UTF_8);

        assertThat(written)
                .contains(
                        "\"tool_calls\":[{\"id\":\"c1\",\"function\":{\"index\":0,\"name\":\"get\",\"arguments\":{}}}]");
    }

    @Test
    void aRequestWithoutToolsIsWrittenAsBefore() {
        ChatRequest request = new ChatRequest(
                "m", List.of(ChatMessage.system("be brief"), ChatMessage.user("hi")), Map.of(), null, null, null, true);

        assertThat(new String(REQUESTS.write(request), StandardCharsets.UTF_8))
                .isEqualTo("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                        + "{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}");
    }
}
