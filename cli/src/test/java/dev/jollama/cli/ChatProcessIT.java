package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.core.fake.FakeOllama;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `jollama chat` as real processes: a pipe for a terminal, and two processes on one chat file. */
class ChatProcessIT {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private final FakeOllama fake = FakeOllama.start().answer(FakeOllama.Answer.ECHO);

    @AfterEach
    void stop() {
        fake.close();
    }

    private Path sessions() {
        return home.resolve("data/jollama/sessions");
    }

    @Test
    void aChatFedThroughAPipeAnswersAndPrintsNothingOnStderr() throws Exception {
        try (JollamaProcess chat =
                JollamaProcess.start(home, JollamaProcess.host(fake.url()), true, "chat", "llama3.2")) {
            chat.type("hi");
            chat.closeStdin();
            assertThat(chat.awaitExit(BOUND)).isZero();
            assertThat(chat.out()).contains("echo: hi").contains("bye — this chat is saved as chat-");
            assertThat(chat.err()).isEmpty(); // no JLine "Unable to create a system terminal" warning
        }
    }

    @Test
    void aChatFedThroughAPipeShowsNoPromptBetweenItsLines() throws Exception {
        try (JollamaProcess chat =
                JollamaProcess.start(home, JollamaProcess.host(fake.url()), true, "chat", "llama3.2")) {
            chat.type("hi");
            chat.type("/stats");
            chat.type("\"\"\"two");
            chat.type("lines\"\"\"");
            chat.closeStdin();
            assertThat(chat.awaitExit(BOUND)).isZero();
            assertThat(chat.out()).contains("echo: hi").contains("stats off").contains("echo: two\nlines");
            assertThat(chat.out()).doesNotContain(">>>").doesNotContain("...");
        }
    }

    @Test
    void twoChatsStartedTogetherAreBothSaved() throws Exception {
        try (JollamaProcess a = JollamaProcess.start(home, JollamaProcess.host(fake.url()), true, "chat", "llama3.2");
                JollamaProcess b =
                        JollamaProcess.start(home, JollamaProcess.host(fake.url()), true, "chat", "llama3.2")) {
            a.type("from a");
            b.type("from b");
            a.closeStdin();
            b.closeStdin();
            assertThat(a.awaitExit(BOUND)).isZero();
            assertThat(b.awaitExit(BOUND)).isZero();
        }
        List<String> firsts;
        try (var files = Files.list(sessions())) {
            firsts = files.map(ChatProcessIT::firstMessage).sorted().toList();
        }
        assertThat(firsts).containsExactly("from a", "from b");
    }

    @Test
    void twoProcessesOnOneChatFileNeverOverwriteEachOther() throws Exception {
        try (JollamaProcess first =
                JollamaProcess.start(home, JollamaProcess.host(fake.url()), true, "chat", "llama3.2")) {
            first.type("the start");
            first.type("/save work");
            first.closeStdin();
            assertThat(first.awaitExit(BOUND)).isZero();
        }
        try (JollamaProcess a =
                        JollamaProcess.start(home, JollamaProcess.host(fake.url()), true, "chat", "--resume", "work");
                JollamaProcess b =
                        JollamaProcess.start(home, JollamaProcess.host(fake.url()), true, "chat", "--resume", "work")) {
            a.awaitOut("resuming work");
            b.awaitOut("resuming work");
            a.type("said in a");
            a.awaitOut("echo: said in a");
            b.type("said in b");
            b.awaitOut("echo: said in b");
            a.closeStdin();
            b.closeStdin();
            assertThat(a.awaitExit(BOUND)).isZero();
            assertThat(b.awaitExit(BOUND)).isZero();
            assertThat(b.out()).contains("chat work was changed by another jollama; this one goes on as work-2");
        }
        JsonNode work =
                new ObjectMapper().readTree(sessions().resolve("work.json").toFile());
        JsonNode fork =
                new ObjectMapper().readTree(sessions().resolve("work-2.json").toFile());
        assertThat(work.path("messages").get(2).path("content").asText()).isEqualTo("said in a");
        assertThat(fork.path("messages").get(2).path("content").asText()).isEqualTo("said in b");
    }

    private static String firstMessage(Path file) {
        try {
            return new ObjectMapper()
                    .readTree(file.toFile())
                    .path("messages")
                    .get(0)
                    .path("content")
                    .asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aPipedChatWithAFailedTurnSaysSoOnStderrAndExits1() throws Exception {
        fake.answer("llama3.2", FakeOllama.Answer.CUT);
        try (JollamaProcess chat =
                JollamaProcess.start(home, JollamaProcess.host(fake.url()), true, "chat", "llama3.2")) {
            chat.type("hi");
            chat.closeStdin();
            assertThat(chat.awaitExit(BOUND)).isEqualTo(1);
            assertThat(chat.err())
                    .startsWith("jollama: the connection to Ollama at")
                    .contains("the answer is incomplete");
            assertThat(chat.out()).doesNotContain("jollama:");
        }
        assertThat(home.resolve("state/jollama/history")).doesNotExist(); // a script's lines are not history
    }

    @Test
    void aPipedChatSaysOnStderrThatItCompactedTheOlderTurns() throws Exception {
        fake.answerWhenSystem("You condense conversations.", "SUMMARY");
        String big = "x".repeat(2000);
        try (JollamaProcess chat =
                JollamaProcess.start(home, JollamaProcess.host(fake.url()), true, "chat", "llama3.2")) {
            chat.type("/set num_ctx 3072");
            chat.type(big + "1");
            chat.type(big + "2");
            chat.type(big + "3");
            chat.closeStdin();
            assertThat(chat.awaitExit(BOUND)).isZero();
            assertThat(chat.err())
                    .isEqualTo("jollama: compacted 2 older turns into a summary to fit the 3072-token context (kept in"
                            + " the saved chat)\n");
            assertThat(chat.out()).doesNotContain("compacted");
        }
    }
}
