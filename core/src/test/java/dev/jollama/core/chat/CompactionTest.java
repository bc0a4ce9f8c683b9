package dev.jollama.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jollama.core.daemon.HttpOllamaDaemon;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /compact and compacting by itself: what is summarised, what is sent after, what is saved. */
class CompactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeOllama fake = FakeOllama.start()
            .answer(FakeOllama.Answer.ECHO)
            .answerWhenSystem("You condense conversations.", "SUMMARY: the user counted to three");
    private final ChatService service =
            new ChatService(new HttpOllamaDaemon(OllamaHost.parse(fake.url()), Timeouts.DEFAULT), Clock.systemUTC());
    private final List<String> notes = new ArrayList<>();

    private dev.jollama.core.store.Database db;
    private SessionStore store;

    private SessionStore store() {
        if (store == null) {
            db = dev.jollama.core.store.Database.open(dir.resolve("j.db"));
            store = new SessionStore(db);
        }
        return store;
    }

    @AfterEach
    void stop() {
        if (db != null) {
            db.close();
        }
        fake.close();
    }

    private Chat chat(Map<String, Object> options) {
        Chat chat = Chat.start(
                service,
                store(),
                Clock.systemUTC(),
                new ChatSettings(null, "llama3.2", "be brief", options, null, null, null));
        chat.onContextNote(notes::add);
        return chat;
    }

    /** Enough that a short summary is shorter than the turns it replaces. */
    private static final String PAD = " " + "a".repeat(100);

    private void say(Chat chat, String text) {
        chat.send(text, null, StreamListener.IGNORE, new Cancellation());
    }

    private JsonNode lastChat() {
        List<FakeOllama.Recorded> chats = fake.requests("/api/chat");
        return chats.get(chats.size() - 1).json();
    }

    private static List<String> roles(JsonNode request) {
        List<String> roles = new ArrayList<>();
        request.path("messages").forEach(m -> roles.add(m.path("role").asText()));
        return roles;
    }

    @Test
    void compactSummarisesTheOlderTurnsKeepsTheLastTwoExchangesAndSavesWhereTheSummaryApplies() throws Exception {
        Chat chat = chat(Map.of());
        say(chat, "one" + PAD);
        say(chat, "two" + PAD);
        say(chat, "three" + PAD);

        Compaction.Result done = chat.compact(new Cancellation());

        assertThat(done.turns()).isEqualTo(2);
        JsonNode summary = lastChat();
        assertThat(roles(summary)).containsExactly("system", "user");
        assertThat(summary.path("messages").get(0).path("content").asText()).isEqualTo(Compaction.PROMPT);
        assertThat(summary.path("messages").get(1).path("content").asText())
                .isEqualTo("Conversation to summarise:\n\nUser: one" + PAD + "\n\nAssistant: echo: one" + PAD);
        assertThat(summary.path("options").path("num_predict").asInt()).isEqualTo(1024);
        assertThat(summary.path("truncate").asBoolean(true)).isFalse();
        assertThat(summary.path("stream").asBoolean()).isFalse();

        say(chat, "four");
        JsonNode next = lastChat();
        assertThat(roles(next)).containsExactly("system", "system", "user", "assistant", "user", "assistant", "user");
        assertThat(next.path("messages").get(0).path("content").asText()).isEqualTo("be brief");
        assertThat(next.path("messages").get(1).path("content").asText())
                .isEqualTo(Conversation.SUMMARY_HEADING + "\n\nSUMMARY: the user counted to three");
        assertThat(next.path("messages").get(2).path("content").asText()).isEqualTo("two" + PAD);

        JsonNode saved = JSON.readTree(SessionStore.json(store().load(chat.name())));
        assertThat(saved.path("messages")).hasSize(8); // every turn stays
        assertThat(saved.path("summary").asText()).isEqualTo("SUMMARY: the user counted to three");
        assertThat(saved.path("summarised").asInt()).isEqualTo(2);

        // Resumed, the chat sends the same context.
        Chat resumed = Chat.resume(service, store(), Clock.systemUTC(), chat.name());
        assertThat(resumed.conversation().request(true).messages())
                .isEqualTo(chat.conversation().request(true).messages());
        assertThat(notes).isEmpty(); // /compact says so itself: nothing happened by itself
    }

    @Test
    void aSecondCompactFoldsThePreviousSummaryIntoTheNewOne() {
        Chat chat = chat(Map.of());
        for (String word : List.of("one", "two", "three")) {
            say(chat, word + PAD);
        }
        chat.compact(new Cancellation());
        say(chat, "four" + PAD);
        Compaction.Result again = chat.compact(new Cancellation());
        assertThat(again.turns()).isEqualTo(2);
        assertThat(lastChat().path("messages").get(1).path("content").asText())
                .startsWith("Summary of what came before:\nSUMMARY: the user counted to three\n\n"
                        + "Conversation to summarise:\n\nUser: two" + PAD);
        assertThat(chat.conversation().summarised()).isEqualTo(4);
    }

    @Test
    void aSummaryNoShorterThanWhatItReplacesChangesNothing() {
        Chat chat = chat(Map.of());
        for (String word : List.of("a", "b", "c")) {
            say(chat, word); // shorter than the canned summary
        }
        List<String> before = chat.conversation().request(true).messages().stream()
                .map(m -> m.content())
                .toList();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> chat.compact(new Cancellation()))
                .hasMessage("the model's summary is no shorter than the turns it would replace");
        assertThat(chat.conversation().summary()).isNull();
        assertThat(chat.conversation().request(true).messages().stream()
                        .map(m -> m.content())
                        .toList())
                .isEqualTo(before);
    }

    @Test
    void thereIsNothingToCompactInAOneExchangeChat() {
        Chat chat = chat(Map.of());
        say(chat, "only");
        assertThat(chat.compact(new Cancellation())).isNull();
        assertThat(fake.requests("/api/chat")).hasSize(1);
    }

    @Test
    void beforeAMessageWouldNotFitTheChatCompactsByItselfAndSaysSo() {
        // 3072 tokens, 768 of them kept for the answer; a message of ~500 tokens echoed is ~1000 an exchange.
        Chat chat = chat(Map.of("num_ctx", 3072));
        String big = "x".repeat(2000);
        say(chat, big + "1");
        say(chat, big + "2");
        assertThat(notes).isEmpty();

        say(chat, big + "3");

        assertThat(notes)
                .containsExactly(
                        "compacted 2 older turns into a summary to fit the 3072-token context (kept in the saved chat)");
        JsonNode sent = lastChat();
        assertThat(roles(sent)).containsExactly("system", "system", "user", "assistant", "user");
        assertThat(sent.path("messages").get(2).path("content").asText()).endsWith("2");
        assertThat(sent.path("truncate").asBoolean(true)).isFalse();
        assertThat(sent.path("shift").asBoolean(true)).isFalse();
    }

    @Test
    void withCompactOffTheOldestTurnsAreLeftOutAndTheNoteIsTrueAboutTheSystemPrompt() {
        Chat chat = Chat.start(
                service,
                store(),
                Clock.systemUTC(),
                new ChatSettings(null, "llama3.2", null, Map.of("num_ctx", 2048), null, null, null));
        chat.onContextNote(notes::add);
        chat.autoCompact(false);
        String big = "x".repeat(2000);
        for (int i = 1; i <= 3; i++) {
            say(chat, big + i);
        }
        assertThat(notes)
                .containsExactly("2 old messages no longer fit the 2048-token context: kept in the saved chat, not sent"
                        + " (/compact summarises them instead)");
        assertThat(roles(lastChat())).containsExactly("user", "assistant", "user");
        assertThat(fake.requests("/api/chat")).hasSize(3); // no summary was asked for
    }

    @Test
    void aSessionSavedBeforeCompactionExistedLoadsAsItDid() throws Exception {
        Chat chat = chat(Map.of());
        say(chat, "one");
        ObjectNode saved = (ObjectNode) JSON.readTree(SessionStore.json(store().load(chat.name())));
        assertThat(saved.has("summary")).isFalse();
        assertThat(saved.has("summarised")).isFalse();
        assertThat(saved.has("truncate")).isFalse();
        saved.put("someFieldFromTheFuture", 1);
        saved.put("name", "old");
        Path sessions = Files.createDirectories(dir.resolve("sessions"));
        Files.writeString(sessions.resolve("old.json"), saved.toString()); // as a jollama before the database
        SessionImport.run(sessions, store(), notes::add);
        Chat resumed = Chat.resume(service, store(), Clock.systemUTC(), "old");
        assertThat(resumed.conversation().summary()).isNull();
        assertThat(resumed.conversation().turns()).hasSize(2);
        assertThat(resumed.settings().truncate()).isFalse();
    }
}
