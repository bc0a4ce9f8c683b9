package dev.jollama.core.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.Awaits;
import dev.jollama.core.daemon.ChatMessage;
import dev.jollama.core.daemon.ChatRequest;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.GenerateRequest;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.error.StreamBrokenException;
import dev.jollama.core.error.UnsupportedByEngineException;
import dev.jollama.core.fake.FakeOpenAi;
import dev.jollama.core.fake.FakeOpenAi.Answer;
import dev.jollama.core.http.ApiKey;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.HttpSettings;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiDaemonTest {

    private final FakeOpenAi engine = FakeOpenAi.start();

    @AfterEach
    void stop() {
        engine.close();
    }

    private OpenAiDaemon daemon(ApiKey key) {
        return new OpenAiDaemon(OllamaHost.parse(engine.url()), Timeouts.DEFAULT, new HttpSettings(key, null, null));
    }

    private static GenerateRequest prompt(String model, String text, Map<String, Object> options, Object format) {
        return new GenerateRequest(model, text, "be brief", null, options, format, null, "5m", true);
    }

    @Test
    void streamsTheAnswerSkippingKeepAlivesAndCountsTheUsage() {
        List<String> pieces = new ArrayList<>();
        Completion done =
                daemon(null).generate(prompt("phi3:mini", "hello there", null, null), pieces::add, new Cancellation());

        assertThat(String.join("", pieces)).isEqualTo("echo: hello there");
        assertThat(pieces).hasSizeGreaterThan(2); // streamed, not one piece
        assertThat(done.content()).isEqualTo("echo: hello there");
        assertThat(done.doneReason()).isEqualTo("stop");
        assertThat(done.promptEvalCount()).isEqualTo(12);
        assertThat(done.evalCount()).isEqualTo(pieces.size());
        assertThat(done.totalDuration()).isPositive();
    }

    @Test
    void aStreamedAnswerLongerThanTheKeepLimitIsKeptAtItsStartAndMarkedButStreamedWhole() {
        OpenAiDaemon keeping = new OpenAiDaemon(
                OllamaHost.parse(engine.url()), Timeouts.DEFAULT, new HttpSettings(null, null, null), 6);
        List<String> pieces = new ArrayList<>();

        Completion done =
                keeping.generate(prompt("phi3:mini", "hello there", null, null), pieces::add, new Cancellation());

        assertThat(String.join("", pieces)).isEqualTo("echo: hello there");
        assertThat(done.content()).isEqualTo("echo: ");
        assertThat(done.truncated()).isTrue();
        // Not asked to stream (--no-stream): kept whole, as Ollama's single answer is.
        Completion whole = keeping.generate(
                new GenerateRequest("phi3:mini", "hello there", null, null, null, null, null, null, false),
                StreamListener.IGNORE,
                new Cancellation());
        assertThat(whole.content()).isEqualTo("echo: hello there");
        assertThat(whole.truncated()).isFalse();
    }

    @Test
    void sendsTheRequestTheWayTheOpenAiApiWantsIt() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("temperature", 0.2);
        options.put("num_predict", 50);
        options.put("num_ctx", 8192);
        options.put("stop", List.of("END"));
        options.put("seed", 7);
        daemon(null).generate(prompt("phi3:mini", "hi", options, "json"), StreamListener.IGNORE, new Cancellation());

        var request = engine.requests().get(0);
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("Accept")).isEqualTo("text/event-stream");
        JsonNode body = request.json();
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("hi");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean())
                .isTrue();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(50);
        assertThat(body.path("stop").get(0).asText()).isEqualTo("END");
        assertThat(body.path("seed").asInt()).isEqualTo(7);
        assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(body.has("num_ctx")).isFalse();
        assertThat(body.has("options")).isFalse();
        assertThat(body.has("keep_alive")).isFalse();
    }

    @Test
    void aSchemaBecomesJsonSchemaAndImagesBecomeDataUrls() throws Exception {
        JsonNode schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"type\":\"object\"}");
        String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk";
        ChatRequest chat = new ChatRequest(
                "phi3:mini",
                List.of(ChatMessage.user("what is this?", List.of(png))),
                Map.of(),
                schema,
                null,
                null,
                true);
        List<String> pieces = new ArrayList<>();
        daemon(null).chat(chat, pieces::add, new Cancellation());

        JsonNode body = engine.requests().get(0).json();
        assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_schema");
        assertThat(body.path("response_format")
                        .path("json_schema")
                        .path("schema")
                        .path("type")
                        .asText())
                .isEqualTo("object");
        JsonNode content = body.path("messages").get(0).path("content");
        assertThat(content.get(0).path("text").asText()).isEqualTo("what is this?");
        assertThat(content.get(1).path("image_url").path("url").asText()).startsWith("data:image/png;base64,iVBOR");
        assertThat(String.join("", pieces)).contains("[image data:image/png;base64]");
    }

    @Test
    void aCutAtTheLengthLimitSaysSo() {
        Completion done = daemon(null)
                .generate(
                        prompt("phi3:mini", "one two three four", Map.of("num_predict", 3), null),
                        StreamListener.IGNORE,
                        new Cancellation());
        assertThat(done.wasCut()).isTrue();
        assertThat(done.content()).isEqualTo("echo: one ");
    }

    @Test
    void anUnknownModelIsModelNotFoundInOllamasWordsAndInVllms() {
        assertThatThrownBy(() -> daemon(null)
                        .generate(prompt("nosuch", "hi", null, null), StreamListener.IGNORE, new Cancellation()))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("'nosuch' not found at " + engine.url())
                .hasMessageContaining("not found, try pulling it first");
        engine.answer(Answer.VLLM_NOT_FOUND);
        assertThatThrownBy(() -> daemon(null)
                        .generate(prompt("nosuch", "hi", null, null), StreamListener.IGNORE, new Cancellation()))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("The model `nosuch` does not exist.");
    }

    @Test
    void anErrorEventMidStreamIsAnIncompleteAnswer() {
        engine.answer(Answer.ERROR_EVENT);
        List<String> pieces = new ArrayList<>();
        assertThatThrownBy(() -> daemon(null)
                        .generate(prompt("phi3:mini", "a b c", null, null), pieces::add, new Cancellation()))
                .isInstanceOf(DaemonErrorException.class)
                .hasMessageContaining("model runner crashed")
                .hasMessageContaining("mid-answer");
        assertThat(String.join("", pieces)).isEqualTo("echo: ");
    }

    @Test
    void anEventNamedErrorIsAFailureInItsOwnWordsNotADroppedEvent() {
        engine.answer(Answer.NAMED_ERROR_EVENT);
        List<String> pieces = new ArrayList<>();
        assertThatThrownBy(() -> daemon(null)
                        .generate(prompt("phi3:mini", "a b c", null, null), pieces::add, new Cancellation()))
                .isInstanceOf(DaemonErrorException.class)
                .hasMessage("the OpenAI-compatible server at " + engine.url()
                        + ": model runner crashed (mid-answer: the answer is incomplete)");
        assertThat(String.join("", pieces)).isEqualTo("echo: ");
    }

    @Test
    void dataSpreadOverSeveralLinesIsJoinedIntoOneEvent() {
        engine.answer(Answer.MULTILINE_DATA);
        List<String> pieces = new ArrayList<>();

        Completion done =
                daemon(null).generate(prompt("phi3:mini", "a b c", null, null), pieces::add, new Cancellation());

        assertThat(done.content()).isEqualTo("echo: a b c");
        assertThat(done.doneReason()).isEqualTo("stop");
    }

    @Test
    void aStreamEndingWithoutDoneIsBroken() {
        engine.answer(Answer.CUT);
        assertThatThrownBy(() -> daemon(null)
                        .generate(prompt("phi3:mini", "a b c", null, null), StreamListener.IGNORE, new Cancellation()))
                .isInstanceOf(StreamBrokenException.class)
                .hasMessageContaining("incomplete");
    }

    @Test
    void aCancelFromAnotherThreadStopsASilentStream() throws Exception {
        engine.answer(Answer.STALL);
        Cancellation cancellation = new Cancellation();
        List<String> pieces = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Completion> running = CompletableFuture.supplyAsync(
                () -> daemon(null).generate(prompt("phi3:mini", "a b c", null, null), pieces::add, cancellation));
        Awaits.until("the first chunks", () -> pieces.size() >= 2);
        long start = System.nanoTime();
        cancellation.cancel();
        assertThatThrownBy(() -> running.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CancelledException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        // What arrived goes with the stop: the chat keeps it as the interrupted answer.
        assertThatThrownBy(() -> running.get())
                .cause()
                .extracting(e -> ((CancelledException) e).partialAnswer())
                .isEqualTo(String.join("", pieces));
    }

    @Test
    void theIdleTimeoutEndsASilentStream() {
        engine.answer(Answer.STALL);
        OpenAiDaemon impatient = new OpenAiDaemon(
                OllamaHost.parse(engine.url()),
                new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(300)),
                HttpSettings.DEFAULT);
        assertThatThrownBy(() -> impatient.generate(
                        prompt("phi3:mini", "a b c", null, null), StreamListener.IGNORE, new Cancellation()))
                .hasMessageContaining("idle");
    }

    @Test
    void theBearerKeyIsSentAndARefusalSaysWhereTheKeyComesFrom() {
        engine.requireKey("s3cret");
        assertThatThrownBy(() -> daemon(null).listModels())
                .isInstanceOf(DaemonErrorException.class)
                .hasMessageContaining("Invalid API key")
                .hasMessageContaining("OPENAI_API_KEY");
        assertThat(daemon(ApiKey.of("s3cret", "VLLM_KEY")).listModels()).isNotEmpty();
        assertThat(engine.requests().get(1).header("Authorization")).isEqualTo("Bearer s3cret");
        assertThatThrownBy(() -> daemon(ApiKey.of("wrong", "VLLM_KEY")).listModels())
                .hasMessageContaining("the key in VLLM_KEY was refused");
    }

    @Test
    void listsTheEnginesModelsAndShowOnlyTellsWhetherOneIsServed() {
        assertThat(daemon(null).listModels()).extracting(m -> m.name()).containsExactly("llama3.2:latest", "phi3:mini");
        assertThat(daemon(null).listModels().get(0).modifiedAt()).isEqualTo("2024-10-01T10:00:00Z");
        assertThat(daemon(null).show("phi3:mini")).isNotNull();
        assertThatThrownBy(() -> daemon(null).show("nosuch")).isInstanceOf(ModelNotFoundException.class);
        assertThat(daemon(null).version()).isEqualTo("OpenAI-compatible");
    }

    @Test
    void whatOnlyOllamaHasIsSaidClearly() {
        assertThatThrownBy(() -> daemon(null).pull("phi3:mini", p -> {}, new Cancellation()))
                .isInstanceOf(UnsupportedByEngineException.class)
                .hasMessageContaining("`pull` is an Ollama command")
                .hasMessageContaining(engine.url());
        assertThatThrownBy(() -> daemon(null).runningModels()).isInstanceOf(UnsupportedByEngineException.class);
        assertThatThrownBy(() -> daemon(null).delete("phi3:mini")).isInstanceOf(UnsupportedByEngineException.class);
    }
}
