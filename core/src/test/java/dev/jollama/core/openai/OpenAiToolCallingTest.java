package dev.jollama.core.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.core.daemon.ChatMessage;
import dev.jollama.core.daemon.ChatRequest;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.daemon.ToolCall;
import dev.jollama.core.daemon.ToolSpec;
import dev.jollama.core.fake.FakeOllama.Call;
import dev.jollama.core.fake.FakeOpenAi;
import dev.jollama.core.fake.FakeOpenAi.Engine;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.HttpSettings;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tool calling with an OpenAI-compatible engine over loopback, as vLLM and llama.cpp stream it. */
class OpenAiToolCallingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeOpenAi engine = FakeOpenAi.start();
    private final OpenAiDaemon daemon =
            new OpenAiDaemon(OllamaHost.parse(engine.url()), Timeouts.DEFAULT, new HttpSettings(null, null, null));

    @AfterEach
    void stop() {
        engine.close();
    }

    private static ToolSpec weather() throws IOException {
        return new ToolSpec(
                "get_weather",
                "Current weather for a city",
                JSON.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                        + "\"required\":[\"city\"]}"));
    }

    private Completion chat(List<ChatMessage> messages) throws IOException {
        return daemon.chat(
                new ChatRequest("phi3:mini", messages, Map.of(), null, null, null, true, List.of(weather())),
                StreamListener.IGNORE,
                new Cancellation());
    }

    @Test
    void readsTheVllmSampleAsSent() throws IOException {
        engine.replay("/tools-api/vllm_stream_tool_calls.sse");

        Completion done = chat(List.of(ChatMessage.user("Tokyo?")));

        assertThat(done.toolCalls())
                .containsExactly(new ToolCall(
                        "call_abc123",
                        0,
                        "get_weather",
                        JSON.readTree("{\"location\":\"Tokyo\"}"),
                        "{\"location\": \"Tokyo\"}"));
        assertThat(done.content()).isEmpty();
        assertThat(done.doneReason()).isEqualTo("tool_calls");
        assertThat(done.model()).isEqualTo("Qwen/Qwen3-8B");
    }

    @Test
    void readsTheLlamaCppSampleWhoseFirstContentIsNull() throws IOException {
        engine.replay("/tools-api/llamacpp_stream_tool_calls.sse");
        List<String> text = new ArrayList<>();

        Completion done = daemon.chat(
                new ChatRequest(
                        "phi3:mini",
                        List.of(ChatMessage.user("Paris?")),
                        Map.of(),
                        null,
                        null,
                        null,
                        true,
                        List.of(weather())),
                text::add,
                new Cancellation());

        assertThat(text).isEmpty();
        assertThat(done.content()).isEmpty();
        assertThat(done.toolCalls())
                .containsExactly(new ToolCall(
                        "sVxR2a", 0, "get_weather", JSON.readTree("{\"city\":\"Paris\"}"), "{\"city\":\"Paris\"}"));
        assertThat(done.doneReason()).isEqualTo("tool_calls");
    }

    @Test
    void sendsToolsCallsAndResultsAsTheApiWantsThemAndTheModelSeesTheResult() throws IOException {
        engine.toolCalls(Call.of("get_weather", "{\"city\": \"Tokyo\"}").withId("call_9"));
        ChatMessage question = ChatMessage.user("Tokyo?");
        Completion asked = chat(List.of(question));
        ToolCall call = asked.toolCalls().get(0);

        Completion answered = chat(List.of(
                question,
                ChatMessage.assistant(asked.content(), asked.thinking(), asked.toolCalls()),
                ChatMessage.tool(call.name(), call.id(), "18 C and clear")));

        assertThat(answered.hasToolCalls()).isFalse();
        assertThat(answered.content()).isEqualTo("tool said: 18 C and clear");
        List<JsonNode> sent = engine.requests("/v1/chat/completions").stream()
                .map(r -> r.json())
                .toList();
        assertThat(sent.get(0).path("tools"))
                .isEqualTo(JSON.readTree("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                        + "\"description\":\"Current weather for a city\",\"parameters\":{\"type\":\"object\","
                        + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]"));
        JsonNode messages = sent.get(1).path("messages");
        assertThat(messages.get(1))
                .isEqualTo(JSON.readTree("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_9\",\"type\":"
                        + "\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":"
                        + "\"{\\\"city\\\": \\\"Tokyo\\\"}\"}}],\"content\":\"\"}"));
        assertThat(messages.get(2))
                .isEqualTo(JSON.readTree(
                        "{\"role\":\"tool\",\"tool_call_id\":\"call_9\",\"content\":\"18 C and clear\"}"));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void joinsArgumentFragmentsSplitOverEventsAndSocketWrites(Engine flavour) throws IOException {
        String zurich = "{\"city\": \"Zürich\", \"note\": \"東京 ☀\", \"days\": [1, 2, 3]}";
        engine.toolStream(flavour)
                .toolCalls(
                        Call.of("get_weather", zurich).withId("call_z"),
                        Call.of("get_weather", "{\"city\": \"Lima\"}").withId("call_l"))
                .argumentFragments(9)
                .writesPerEvent(4);

        Completion done = chat(List.of(ChatMessage.user("Zürich and Lima?")));

        assertThat(done.toolCalls()).extracting(ToolCall::id).containsExactly("call_z", "call_l");
        assertThat(done.toolCalls()).extracting(ToolCall::index).containsExactly(0, 1);
        assertThat(done.toolCalls().get(0).rawArguments()).isEqualTo(zurich);
        assertThat(done.toolCalls().get(0).arguments()).isEqualTo(JSON.readTree(zurich));
        assertThat(done.toolCalls().get(1).arguments().path("city").asText()).isEqualTo("Lima");
        assertThat(done.doneReason()).isEqualTo("tool_calls");
        assertThat(done.evalCount()).isEqualTo(2); // the usage chunk after the finish still counts
    }

    @Test
    void malformedArgumentsAreKeptAsTheModelWroteThemWithoutATree() throws IOException {
        engine.toolCalls(Call.of("get_weather", "{\"city\": \"Par").withId("call_m"))
                .argumentFragments(3);

        Completion done = chat(List.of(ChatMessage.user("Paris?")));

        ToolCall call = done.toolCalls().get(0);
        assertThat(call.argumentsValid()).isFalse();
        assertThat(call.arguments()).isNull();
        assertThat(call.rawArguments()).isEqualTo("{\"city\": \"Par");
    }

    @Test
    void aToolWithoutParametersIsCalledWithAnEmptyObject() throws IOException {
        engine.toolCalls(Call.of("now", "").withId("call_t"));

        ToolCall call = chat(List.of(ChatMessage.user("time?"))).toolCalls().get(0);

        assertThat(call.argumentsValid()).isTrue();
        assertThat(call.arguments().isEmpty()).isTrue();
    }

    @Test
    void showSaysTheCapabilitiesAreUnknown() {
        // Unknown, not "none": a check before sending lets the request through (the engine answers for itself).
        assertThat(daemon.show("phi3:mini").capabilities()).isNull();
    }

    @Test
    void aChatWithoutToolsSendsNoneOfTheirFields() {
        daemon.chat(
                new ChatRequest("phi3:mini", List.of(ChatMessage.user("hi")), Map.of(), null, null, null, true),
                StreamListener.IGNORE,
                new Cancellation());

        JsonNode sent = engine.requests().get(0).json();
        assertThat(sent.has("tools")).isFalse();
        assertThat(sent.path("messages").get(0))
                .isEqualTo(JSON.createObjectNode().put("role", "user").put("content", "hi"));
    }
}
