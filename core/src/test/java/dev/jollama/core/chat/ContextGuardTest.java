package dev.jollama.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.core.daemon.GenerateRequest;
import dev.jollama.core.daemon.HttpOllamaDaemon;
import dev.jollama.core.daemon.RequestJson;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.error.ContextOverflowException;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Never a silent cut: what requests say, how a refusal is explained, how an old daemon's cut is caught. */
class ContextGuardTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeOllama fake = FakeOllama.start();
    private final ChatService service =
            new ChatService(new HttpOllamaDaemon(OllamaHost.parse(fake.url()), Timeouts.DEFAULT), Clock.systemUTC());

    @AfterEach
    void stop() {
        fake.close();
    }

    private static ChatSettings settings() {
        return new ChatSettings(null, "llama3.2", null, Map.of(), null, null, null);
    }

    private static JsonNode wire(Object request) throws Exception {
        return JSON.readTree(new RequestJson(new JsonFactory()).write(request));
    }

    @Test
    void aRunSaysTruncateFalseAChatAlsoShiftFalseAndTruncateLeavesBothOutAsBefore() throws Exception {
        Conversation run = new Conversation(settings());
        run.add(Turn.user("hi", null, null));
        JsonNode once = wire(run.request(true));
        assertThat(once.path("truncate").isBoolean()).isTrue();
        assertThat(once.path("truncate").asBoolean()).isFalse();
        assertThat(once.has("shift")).isFalse();

        Conversation chat = new Conversation(settings()).asChat();
        chat.add(Turn.user("hi", null, null));
        JsonNode chatted = wire(chat.request(true));
        assertThat(chatted.path("truncate").asBoolean(true)).isFalse();
        assertThat(chatted.path("shift").isBoolean()).isTrue();
        assertThat(chatted.path("shift").asBoolean()).isFalse();

        Conversation cutting = new Conversation(settings().withTruncate(true)).asChat();
        cutting.add(Turn.user("hi", null, null));
        JsonNode asBefore = wire(cutting.request(true));
        assertThat(asBefore.has("truncate")).isFalse();
        assertThat(asBefore.has("shift")).isFalse();

        JsonNode generate =
                wire(new GenerateRequest("m", "p", null, null, Map.of(), null, null, null, true, false, null));
        assertThat(generate.path("truncate").asBoolean(true)).isFalse();
        assertThat(wire(new GenerateRequest("m", "p", null, null, Map.of(), null, null, null, true))
                        .has("truncate"))
                .isFalse();
    }

    @Test
    void aRefusedInputIsExplainedWithTheContextItsSourceTheSizeAndWhatWouldFit() {
        fake.listsLoaded(true);
        Conversation c = new Conversation(settings());
        String big = "x".repeat(4 * 6000);

        assertThatThrownBy(() -> service.askWhole(c, big, null, new Cancellation()))
                .isInstanceOfSatisfying(ContextOverflowException.class, e -> {
                    assertThat(e.getMessage())
                            .isEqualTo("the input is about 6004 tokens, more than the 4096-token context (as loaded"
                                    + " (/api/ps)): Ollama refused it rather than cut its start\n"
                                    + "  -o num_ctx=8192 makes room, or --truncate lets Ollama cut the start");
                    assertThat(ExitCode.of(e)).isEqualTo(ExitCode.USAGE);
                });
        // The question stays, marked, for a retry with more room; nothing else changed.
        assertThat(c.turns()).hasSize(1);
        assertThat(c.last().failed()).isTrue();
    }

    @Test
    void theSourceSaysNumCtxOrThatTheDefaultIsAssumedAndTheSuggestionStopsAtTheTrainedContext() {
        Conversation assumed = new Conversation(settings());
        assertThatThrownBy(() -> service.askWhole(assumed, "x".repeat(4 * 5000), null, new Cancellation()))
                .hasMessageStartingWith("the input is about 5004 tokens, more than the 4096-token context (Ollama's"
                        + " default below 23 GiB of VRAM, assumed until the model is loaded)");

        Conversation atMax = new Conversation(settings().withOptions(Map.of("num_ctx", 8192)));
        assertThatThrownBy(() -> service.askWhole(atMax, "x".repeat(4 * 9000), null, new Cancellation()))
                .hasMessage("the input is about 9004 tokens, more than the 8192-token context (num_ctx): Ollama refused"
                        + " it rather than cut its start\n"
                        + "  the model holds at most 8192 tokens: shorten the input, or --truncate lets Ollama cut the"
                        + " start");
    }

    @Test
    void inAChatTheHintSaysSlashSetAndCompactOnlyWhenOlderTurnsAreSent() {
        fake.answer(FakeOllama.Answer.ECHO);
        Conversation chat = new Conversation(settings()).asChat();
        assertThatThrownBy(() -> service.askWhole(chat, "x".repeat(4 * 5000), null, new Cancellation()))
                .hasMessageEndingWith(
                        "  /set num_ctx 8192 makes room, or start the chat with --truncate to let Ollama cut");
        chat.removeLast();
        service.askWhole(chat, "a short question", null, new Cancellation());
        assertThatThrownBy(() -> service.askWhole(chat, "x".repeat(4 * 5000), null, new Cancellation()))
                .hasMessageEndingWith("  /set num_ctx 8192 makes room, /compact summarises the older turns, or start"
                        + " the chat with --truncate to let Ollama cut");
    }

    @Test
    void aCutIsSuspectedOnlyWhenTheInputDidNotFitAndTheDaemonReadClearlyLessOrExactlyTheContext() {
        // At the limit: Ollama's runner keeps exactly num_ctx tokens of one long prompt.
        assertThat(ContextGuard.cutSuspected(5000, 4096, 4096)).isTrue();
        // Well below the estimate: whole old messages were left out.
        assertThat(ContextGuard.cutSuspected(9000, 2500, 4096)).isTrue();
        // A follow-up turn on a daemon whose prompt cache counts only new tokens: it fits, so never.
        assertThat(ContextGuard.cutSuspected(3000, 50, 4096)).isFalse();
        // Within the estimate's error of a prompt that fits, and read whole.
        assertThat(ContextGuard.cutSuspected(4300, 3900, 4096)).isFalse();
        // More than the context was read: no cut happened (a bigger context than assumed).
        assertThat(ContextGuard.cutSuspected(6000, 5990, 4096)).isFalse();
        assertThat(ContextGuard.cutSuspected(6000, 0, 4096)).isFalse();
    }

    @Test
    void aDaemonOlderThanTruncateIsCaughtCuttingARunOnceAndNeverWhenTheUserLetsItCut() {
        fake.ignoresTruncate(true);
        Conversation run = new Conversation(settings());
        var done = service.askWhole(run, "x".repeat(4 * 5000), null, new Cancellation());
        assertThat(done.promptEvalCount()).isEqualTo(4096);
        assertThat(service.cutWarning(run, done))
                .isEqualTo("the daemon probably cut the start of the input: it read 4096 tokens of about 5004 sent,"
                        + " and the context is 4096 tokens (Ollama's default below 23 GiB of VRAM, assumed until the"
                        + " model is loaded); it is older than Ollama's \"truncate\" field, which refuses instead:"
                        + " -o num_ctx=8192 makes room, or update Ollama");

        Conversation allowed = new Conversation(settings().withTruncate(true));
        var cut = service.askWhole(allowed, "x".repeat(4 * 5000), null, new Cancellation());
        assertThat(service.cutWarning(allowed, cut)).isNull();

        Conversation small = new Conversation(settings());
        var whole = service.askWhole(small, "short", null, new Cancellation());
        assertThat(service.cutWarning(small, whole)).isNull();
        assertThat(fake.requests("/api/show"))
                .as("no question asked when the count rules a cut out")
                .hasSize(1);
    }

    @Test
    void aChatOnADaemonWithAPromptCacheRaisesNoFalseAlarm() {
        fake.ignoresTruncate(true).promptCache(true).answer(FakeOllama.Answer.ECHO);
        Conversation chat = new Conversation(settings()).asChat();
        String part = "y".repeat(4 * 600);
        for (int i = 0; i < 3; i++) {
            var done = service.ask(chat, part + i, List.of(), StreamListener.IGNORE, new Cancellation());
            if (i > 0) {
                assertThat(done.promptEvalCount()).as("only the new tokens").isLessThan(chat.lastRequestTokens());
            }
            assertThat(service.cutWarning(chat, done)).isNull();
        }
    }
}
