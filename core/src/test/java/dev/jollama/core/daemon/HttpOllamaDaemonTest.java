package dev.jollama.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.Awaits;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.error.StreamBrokenException;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Answer;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.HttpSettings;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpOllamaDaemonTest {

    private final FakeOllama fake = FakeOllama.start();
    private final HttpOllamaDaemon daemon = new HttpOllamaDaemon(OllamaHost.parse(fake.url()), Timeouts.DEFAULT);

    @AfterEach
    void stop() {
        fake.close();
    }

    private static ChatRequest chat(String model, String text) {
        return new ChatRequest(model, List.of(ChatMessage.user(text)), Map.of(), null, null, null, true);
    }

    @Test
    void readsVersionTagsPsAndShowFromTheDaemonShapes() {
        assertThat(daemon.version()).isEqualTo("0.13.5");
        assertThat(daemon.listModels())
                .extracting(InstalledModel::name)
                .containsExactlyInAnyOrder("deepseek-r1:latest", "llama3.2:latest");
        InstalledModel llama = daemon.listModels().stream()
                .filter(m -> m.name().equals("llama3.2:latest"))
                .findFirst()
                .orElseThrow();
        assertThat(llama.size()).isEqualTo(2019393189L);
        assertThat(llama.details().quantizationLevel()).isEqualTo("Q4_K_M");

        RunningModel running = daemon.runningModels().get(0);
        assertThat(running.name()).isEqualTo("mistral:latest");
        assertThat(running.gpuPercent()).isEqualTo(100);
        assertThat(running.contextLength()).isEqualTo(4096);

        ModelInfo info = daemon.show("llama3.2");
        assertThat(info.contextLength()).isEqualTo(8192);
        assertThat(info.capabilities()).containsExactly("completion", "vision");
        assertThat(info.details().parameterSize()).isEqualTo("8.0B");
    }

    @Test
    void aStreamedAnswerLongerThanTheKeepLimitReachesTheListenerWholeAndIsKeptOnlyAtItsStart() {
        fake.answer(Answer.HUGE).huge(64 * 1024);
        HttpOllamaDaemon keeping =
                new HttpOllamaDaemon(OllamaHost.parse(fake.url()), Timeouts.DEFAULT, HttpSettings.DEFAULT, 1500);
        StringBuilder printed = new StringBuilder();

        Completion done = keeping.chat(chat("llama3.2", "go on"), printed::append, new Cancellation());

        assertThat(printed.toString()).isEqualTo(FakeOllama.HUGE_CHUNK.repeat(64));
        assertThat(done.truncated()).isTrue();
        assertThat(done.content().getBytes(StandardCharsets.UTF_8).length).isBetween(1500 - 3, 1500);
        assertThat(FakeOllama.HUGE_CHUNK.repeat(2)).startsWith(done.content());
        assertThat(done.doneReason()).isEqualTo("stop"); // the answer itself was whole
    }

    @Test
    void anAnswerWithinTheLimitIsNotMarkedAndAWholeOneIsKeptWhole() {
        fake.answer(Answer.HUGE).huge(4 * 1024);
        HttpOllamaDaemon keeping =
                new HttpOllamaDaemon(OllamaHost.parse(fake.url()), Timeouts.DEFAULT, HttpSettings.DEFAULT, 4096);
        assertThat(keeping.chat(chat("llama3.2", "go on"), t -> {}, new Cancellation())
                        .truncated())
                .isFalse();

        // "stream": false: one value, read whole (the reader's 256M-character limit bounds it).
        Completion whole = new HttpOllamaDaemon(
                        OllamaHost.parse(fake.url()), Timeouts.DEFAULT, HttpSettings.DEFAULT, 10)
                .chat(
                        new ChatRequest(
                                "llama3.2", List.of(ChatMessage.user("go on")), Map.of(), null, null, null, false),
                        StreamListener.IGNORE,
                        new Cancellation());
        assertThat(whole.content()).isEqualTo(FakeOllama.HUGE_CHUNK.repeat(4));
        assertThat(whole.truncated()).isFalse();
    }

    @Test
    void aCancelledStreamHandsOverWhatArrivedSoTheChatNeedsNoCopyOfItsOwn() {
        fake.answer(Answer.STALL);
        Cancellation cancellation = new Cancellation();
        List<String> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Completion> running =
                CompletableFuture.supplyAsync(() -> daemon.chat(chat("llama3.2", "alpha"), seen::add, cancellation));
        Awaits.until("three chunks before the stall", () -> seen.size() == 3);

        cancellation.cancel();

        assertThatThrownBy(() -> running.get(5, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(CancelledException.class)
                .extracting(e -> ((CancelledException) e).partialAnswer())
                .isEqualTo("echo: alpha");
    }

    @Test
    void streamsChatChunksInOrderAndReturnsCounters() {
        List<String> chunks = new ArrayList<>();
        Completion done = daemon.chat(chat("llama3.2", "why?"), chunks::add, new Cancellation());
        assertThat(chunks).containsExactly("The", " sky", " is blue because of Rayleigh scattering.");
        assertThat(done.content()).isEqualTo("The sky is blue because of Rayleigh scattering.");
        assertThat(done.doneReason()).isEqualTo("stop");
        assertThat(done.evalCount()).isEqualTo(282);
        assertThat(done.promptEvalCount()).isEqualTo(26);
        assertThat(done.tokensPerSecond()).isCloseTo(62.17, org.assertj.core.data.Offset.offset(0.01));
        assertThat(fake.requests("/api/chat")
                        .get(0)
                        .json()
                        .path("messages")
                        .get(0)
                        .path("content")
                        .asText())
                .isEqualTo("why?");
    }

    @Test
    void nonStreamedChatGivesTheSameCompletion() {
        ChatRequest request =
                new ChatRequest("llama3.2", List.of(ChatMessage.user("hi")), Map.of(), null, null, null, false);
        List<String> chunks = new ArrayList<>();
        Completion done = daemon.chat(request, chunks::add, new Cancellation());
        assertThat(done.content()).isEqualTo("The sky is blue because of Rayleigh scattering.");
        assertThat(chunks).containsExactly("The sky is blue because of Rayleigh scattering.");
    }

    @Test
    void thinkingArrivesApartFromTheAnswer() {
        fake.answer("qwen3", Answer.THINKING);
        StringBuilder thinking = new StringBuilder();
        StringBuilder content = new StringBuilder();
        Completion done = daemon.chat(
                chat("qwen3", "sky?"),
                new StreamListener() {
                    @Override
                    public void onContent(String text) {
                        content.append(text);
                    }

                    @Override
                    public void onThinking(String text) {
                        thinking.append(text);
                    }
                },
                new Cancellation());
        assertThat(thinking).hasToString("The user asks about the sky.");
        assertThat(content).hasToString("Rayleigh scattering.");
        assertThat(done.thinking()).isEqualTo("The user asks about the sky.");
    }

    @Test
    void generateStreamsResponses() {
        List<String> chunks = new ArrayList<>();
        Completion done = daemon.generate(
                new GenerateRequest("llama3.2", "hi", null, null, Map.of(), null, null, null, true),
                chunks::add,
                new Cancellation());
        assertThat(chunks).containsExactly("The", " sky");
        assertThat(done.loadDuration()).isEqualTo(6338219291L);
    }

    @Test
    void errorLineMidStreamIsAFailureAfterTheChunksBeforeIt() {
        fake.answer("gemma4", Answer.ERROR_MIDSTREAM);
        List<String> chunks = new ArrayList<>();
        assertThatThrownBy(() -> daemon.chat(chat("gemma4", "ok?"), chunks::add, new Cancellation()))
                .isInstanceOfSatisfying(DaemonErrorException.class, e -> {
                    assertThat(e.daemonMessage()).isEqualTo("an error was encountered while running the model");
                    assertThat(e.status()).isEqualTo(200);
                    assertThat(e.isRetriable()).isFalse();
                });
        assertThat(chunks).containsExactly(" Yes", ".");
    }

    @Test
    void cutConnectionMidAnswerIsABrokenStream() {
        fake.answer("llama3.2", Answer.CUT);
        List<String> chunks = new ArrayList<>();
        assertThatThrownBy(() -> daemon.chat(chat("llama3.2", "hi"), chunks::add, new Cancellation()))
                .isInstanceOf(StreamBrokenException.class)
                .hasMessageContaining("incomplete");
        assertThat(chunks).containsExactly("The", " sky");
    }

    @Test
    void missingModelIsModelNotFoundForBothWordings() {
        assertThatThrownBy(() -> daemon.chat(chat("nope", "hi"), StreamListener.IGNORE, new Cancellation()))
                .isInstanceOfSatisfying(
                        ModelNotFoundException.class, e -> assertThat(e.model()).isEqualTo("nope"));
        assertThatThrownBy(() -> daemon.show("nope")).isInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> daemon.delete("nope")).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void busyDaemonKeepsStatusAndTextAndIsRetriable() {
        fake.busy(1);
        assertThatThrownBy(daemon::listModels).isInstanceOfSatisfying(DaemonErrorException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.daemonMessage())
                    .isEqualTo("server busy, please try again.  maximum pending requests exceeded");
            assertThat(e.isRetriable()).isTrue();
        });
    }

    @Test
    void pullReportsEveryLineAndInstallsTheModel() {
        List<PullProgress> lines = new ArrayList<>();
        daemon.pull("tinyllama", lines::add, new Cancellation());
        assertThat(lines).hasSize(9);
        assertThat(lines.get(0).status()).isEqualTo("pulling manifest");
        assertThat(lines.get(2).completed()).isEqualTo(241970L);
        assertThat(lines.get(8).status()).isEqualTo("success");
        assertThat(daemon.listModels()).extracting(InstalledModel::name).contains("tinyllama");
    }

    @Test
    void pullOfAModelTheRegistryDoesNotHaveIsModelNotFoundWithTheDaemonText() {
        List<PullProgress> lines = new ArrayList<>();
        assertThatThrownBy(() -> daemon.pull("missing-model", lines::add, new Cancellation()))
                .isInstanceOfSatisfying(ModelNotFoundException.class, e -> assertThat(e.getMessage())
                        .contains("'missing-model' does not exist in the registry")
                        .contains("pull model manifest: file does not exist")
                        .contains("jollama list"));
        assertThat(lines).extracting(PullProgress::status).containsExactly("pulling manifest");
    }

    @Test
    void deleteRemovesAnInstalledModel() {
        daemon.delete("llama3.2:latest");
        assertThat(daemon.listModels()).extracting(InstalledModel::name).containsExactly("deepseek-r1:latest");
        assertThat(fake.requests("/api/delete").get(0).method()).isEqualTo("DELETE");
    }

    @Test
    void loadAndUnloadUseGenerateWithKeepAlive() {
        daemon.load("llama3.2", "10m");
        daemon.unload("llama3.2");
        List<FakeOllama.Recorded> calls = fake.requests("/api/generate");
        assertThat(calls.get(0).json().path("keep_alive").asText()).isEqualTo("10m");
        assertThat(calls.get(0).json().has("prompt")).isFalse();
        assertThat(calls.get(1).json().path("keep_alive").asInt()).isZero();
    }

    @Test
    void slowFirstByteIsWaitedFor() {
        fake.answer("llama3.2", Answer.SLOW_FIRST_BYTE).firstByteDelay(1200);
        Completion done = daemon.chat(chat("llama3.2", "hi"), StreamListener.IGNORE, new Cancellation());
        assertThat(done.content()).startsWith("The sky");
    }

    @Test
    void firstByteTimeoutIsReportedAndNotRetriable() {
        fake.answer("llama3.2", Answer.SLOW_FIRST_BYTE).firstByteDelay(1500);
        HttpOllamaDaemon impatient = new HttpOllamaDaemon(
                OllamaHost.parse(fake.url()),
                new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofMinutes(2)));
        assertThatThrownBy(() -> impatient.chat(chat("llama3.2", "hi"), StreamListener.IGNORE, new Cancellation()))
                .isInstanceOf(StreamBrokenException.class)
                .hasMessageContaining("first-byte timeout")
                .matches(e -> !((StreamBrokenException) e).isRetriable());
    }

    @Test
    void idleTimeoutBetweenChunksBreaksTheStream() {
        fake.answer("llama3.2", Answer.SLOW_STREAM);
        HttpOllamaDaemon impatient = new HttpOllamaDaemon(
                OllamaHost.parse(fake.url()),
                new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(20)));
        assertThatThrownBy(() -> impatient.chat(chat("llama3.2", "hi"), StreamListener.IGNORE, new Cancellation()))
                .isInstanceOf(StreamBrokenException.class)
                .hasMessageContaining("idle timeout");
    }

    @Test
    void cancellingMidStreamClosesTheConnectionSoTheDaemonStops() throws Exception {
        fake.answer("llama3.2", Answer.SLOW_STREAM);
        Cancellation cancellation = new Cancellation();
        List<String> chunks = new ArrayList<>();
        assertThatThrownBy(() -> daemon.chat(
                        chat("llama3.2", "hi"),
                        text -> {
                            chunks.add(text);
                            if (chunks.size() == 3) {
                                cancellation.cancel();
                            }
                        },
                        cancellation))
                .isInstanceOf(CancelledException.class);
        assertThat(chunks).hasSize(3);
        assertThat(fake.awaitDisconnect(3000))
                .as("the fake saw the connection closed")
                .isTrue();
    }

    @Test
    void cancellingWhileWaitingForTheFirstByteAbortsTheRequest() throws Exception {
        fake.answer("llama3.2", Answer.SLOW_FIRST_BYTE).firstByteDelay(60_000);
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                daemon.chat(chat("llama3.2", "hi"), StreamListener.IGNORE, cancellation);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        Awaits.until(
                "the request at the fake", () -> !fake.requests("/api/chat").isEmpty());
        cancellation.cancel();
        // Far less than the minute the fake would stay silent.
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(CancelledException.class);
    }

    @Test
    void nothingListeningIsUnreachableWithTheHostTried() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        HttpOllamaDaemon down = new HttpOllamaDaemon(OllamaHost.parse("127.0.0.1:" + port), Timeouts.DEFAULT);
        assertThatThrownBy(down::version)
                .isInstanceOfSatisfying(DaemonUnreachableException.class, e -> {
                    assertThat(e.host().toString()).isEqualTo("http://127.0.0.1:" + port);
                    assertThat(e.isRetriable()).isTrue();
                })
                .hasMessage("Ollama is not reachable at http://127.0.0.1:" + port + ": start it with `ollama serve`");
    }

    @Test
    void droppedConnectionBeforeAnswerIsUnreachableAndRetriable() {
        // A POST: the JDK may quietly re-send a GET by itself on a dropped connection.
        fake.dropConnections(1);
        assertThatThrownBy(() -> daemon.show("llama3.2"))
                .isInstanceOf(DaemonUnreachableException.class)
                .matches(e -> ((DaemonUnreachableException) e).isRetriable());
        assertThat(daemon.show("llama3.2").contextLength()).isEqualTo(8192);
    }
}
