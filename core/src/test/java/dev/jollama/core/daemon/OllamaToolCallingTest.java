package dev.jollama.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Answer;
import dev.jollama.core.fake.FakeOllama.Call;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tool calling with Ollama over loopback: tools offered, calls read, results sent back, refusals mapped. */
class OllamaToolCallingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeOllama fake = FakeOllama.start().capabilities("llama3.2", "completion", "tools");
    private final HttpOllamaDaemon daemon = new HttpOllamaDaemon(OllamaHost.parse(fake.url()), Timeouts.DEFAULT);

    @AfterEach
    void stop() {
        fake.close();
    }

    private static ToolSpec weather() throws IOException {
        return new ToolSpec(
                "get_weather",
                "Current weather for a city",
                JSON.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":"
                        + "\"City name\"}},\"required\":[\"city\"]}"));
    }

    private static ChatRequest ask(String model, List<ChatMessage> messages, boolean stream) throws IOException {
        return new ChatRequest(model, messages, Map.of(), null, null, null, stream, List.of(weather()));
    }

    private static JsonNode sample(String name) throws IOException {
        try (InputStream in = OllamaToolCallingTest.class.getResourceAsStream("/tools-api/" + name)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void offersTheToolsAndReadsTheCallOfTheSampleStream() throws IOException {
        fake.answer(Answer.TOOLS);
        List<String> text = new ArrayList<>();

        Completion done = daemon.chat(
                ask("llama3.2", List.of(ChatMessage.user("What is the weather in Tokyo?")), true),
                text::add,
                new Cancellation());

        assertThat(done.hasToolCalls()).isTrue();
        assertThat(done.toolCalls())
                .containsExactly(new ToolCall(
                        null, null, "get_weather", JSON.readTree("{\"city\":\"Tokyo\"}"), "{\"city\":\"Tokyo\"}"));
        assertThat(done.content()).isEmpty();
        assertThat(text).isEmpty();
        assertThat(done.doneReason()).isEqualTo("stop");
        assertThat(done.evalCount()).isEqualTo(15);
        JsonNode sent = fake.requests("/api/chat").get(0).json();
        assertThat(sent.path("tools"))
                .isEqualTo(sample("ollama_chat_tool_result_request.json").path("tools"));
    }

    @Test
    void readsSeveralCallsWithIdsAndIndexesSpreadOverChunksAfterTheThinking() throws IOException {
        fake.toolCalls(
                        Call.of("get_weather", "{\"city\":\"Tokyo\"}")
                                .withId("call_a1")
                                .withIndex(0),
                        Call.of("get_weather", "{\"city\":\"Paris\",\"units\":{\"temp\":\"c\"}}")
                                .withId("call_b2")
                                .withIndex(1))
                .oneCallPerChunk(true)
                .thinkingBeforeCalls("Two cities, two calls.");
        StringBuilder thinking = new StringBuilder();

        Completion done = daemon.chat(
                ask("llama3.2", List.of(ChatMessage.user("Tokyo and Paris?")), true),
                new StreamListener() {
                    @Override
                    public void onContent(String chunk) {}

                    @Override
                    public void onThinking(String chunk) {
                        thinking.append(chunk);
                    }
                },
                new Cancellation());

        assertThat(thinking).hasToString("Two cities, two calls.");
        assertThat(done.thinking()).isEqualTo("Two cities, two calls.");
        assertThat(done.toolCalls()).extracting(ToolCall::id).containsExactly("call_a1", "call_b2");
        assertThat(done.toolCalls()).extracting(ToolCall::index).containsExactly(0, 1);
        assertThat(done.toolCalls().get(1).rawArguments()).isEqualTo("{\"city\":\"Paris\",\"units\":{\"temp\":\"c\"}}");
        assertThat(done.toolCalls()
                        .get(1)
                        .arguments()
                        .path("units")
                        .path("temp")
                        .asText())
                .isEqualTo("c");
    }

    @Test
    void aNonStreamedAnswerCarriesTheCallsToo() throws IOException {
        fake.toolCalls(Call.of("get_weather", "{\"city\":\"Oslo\"}"), Call.of("get_weather", "{\"city\":\"Rome\"}"));

        Completion done = daemon.chat(
                ask("llama3.2", List.of(ChatMessage.user("Oslo and Rome?")), false),
                StreamListener.IGNORE,
                new Cancellation());

        assertThat(done.toolCalls())
                .extracting(c -> c.arguments().path("city").asText())
                .containsExactly("Oslo", "Rome");
    }

    @Test
    void sendsTheResultBackAsOllamaWantsItAndTheModelSeesIt() throws IOException {
        fake.toolCalls(
                Call.of("get_weather", "{\"city\":\"Tokyo\"}").withId("call_1").withIndex(0));
        ChatMessage question = ChatMessage.user("What is the weather in Tokyo?");
        Completion asked =
                daemon.chat(ask("llama3.2", List.of(question), true), StreamListener.IGNORE, new Cancellation());
        ToolCall call = asked.toolCalls().get(0);

        Completion answered = daemon.chat(
                ask(
                        "llama3.2",
                        List.of(
                                question,
                                ChatMessage.assistant(asked.content(), asked.thinking(), asked.toolCalls()),
                                ChatMessage.tool(call.name(), call.id(), "{\"temp_c\": 18, \"sky\": \"clear\"}")),
                        true),
                StreamListener.IGNORE,
                new Cancellation());

        assertThat(answered.hasToolCalls()).isFalse();
        assertThat(answered.content()).isEqualTo("tool said: {\"temp_c\": 18, \"sky\": \"clear\"}");
        JsonNode sent = fake.requests("/api/chat").get(1).json();
        assertThat(sent.path("messages"))
                .isEqualTo(sample("ollama_chat_tool_result_request.json").path("messages"));
    }

    @Test
    void resultsOfCallsWithoutIdsGoBackByNameAlone() throws IOException {
        fake.answer(Answer.TOOLS);
        ChatMessage question = ChatMessage.user("Tokyo?");
        Completion asked =
                daemon.chat(ask("llama3.2", List.of(question), true), StreamListener.IGNORE, new Cancellation());

        daemon.chat(
                ask(
                        "llama3.2",
                        List.of(
                                question,
                                ChatMessage.assistant("", null, asked.toolCalls()),
                                ChatMessage.tool("get_weather", null, "18 C")),
                        true),
                StreamListener.IGNORE,
                new Cancellation());

        JsonNode messages = fake.requests("/api/chat").get(1).json().path("messages");
        assertThat(messages.get(1).path("tool_calls"))
                .isEqualTo(JSON.readTree(
                        "[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Tokyo\"}}}]"));
        assertThat(messages.get(2))
                .isEqualTo(JSON.readTree("{\"role\":\"tool\",\"content\":\"18 C\",\"tool_name\":\"get_weather\"}"));
    }

    @Test
    void aModelWithoutTheToolsCapabilityIsAUsageErrorNamingIt() throws IOException {
        fake.install("phi3:mini").answer(Answer.TOOLS);

        assertThatThrownBy(() -> daemon.chat(
                        ask("phi3:mini", List.of(ChatMessage.user("weather?")), true),
                        StreamListener.IGNORE,
                        new Cancellation()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model phi3:mini does not support tools: choose a model with the tools capability"
                        + " (jollama show phi3:mini)")
                .satisfies(e -> assertThat(ExitCode.of(e)).isEqualTo(ExitCode.USAGE));
        assertThat(fake.answered()).isZero();
    }

    @Test
    void showSaysWhetherAModelCanBeOfferedTools() {
        fake.install("phi3:mini");

        assertThat(daemon.show("llama3.2").supportsTools()).isTrue();
        assertThat(daemon.show("phi3:mini").supportsTools()).isFalse();
        assertThat(daemon.show("phi3:mini").capabilities()).containsExactlyElementsOf(FakeOllama.DEFAULT_CAPABILITIES);
    }

    @Test
    void aChatWithoutToolsSendsNoneOfTheirFields() {
        Completion done = daemon.chat(
                new ChatRequest("llama3.2", List.of(ChatMessage.user("hi")), Map.of(), null, null, null, true),
                StreamListener.IGNORE,
                new Cancellation());

        assertThat(done.hasToolCalls()).isFalse();
        assertThat(fake.requests("/api/chat").get(0).body())
                .isEqualTo("{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"stream\":true}");
    }
}
