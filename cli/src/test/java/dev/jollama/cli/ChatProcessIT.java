package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.Awaits;
import dev.jollama.core.fake.FakeOllama;
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

    private SavedChatsIn saved() {
        return SavedChatsIn.home(home);
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
        List<String> firsts = saved().names().stream()
                .map(n -> saved().userMessages(n).get(0))
                .sorted()
                .toList();
        assertThat(firsts).containsExactly("from a", "from b");
    }

    private void saveWork() throws Exception {
        try (JollamaProcess first =
                JollamaProcess.start(home, JollamaProcess.host(fake.url()), true, "chat", "llama3.2")) {
            first.type("the start");
            first.type("/save work");
            first.closeStdin();
            assertThat(first.awaitExit(BOUND)).isZero();
        }
    }

    private JollamaProcess resumeWork() throws Exception {
        return JollamaProcess.start(home, JollamaProcess.host(fake.url()), true, "chat", "--resume", "work");
    }

    @Test
    void twoProcessesThatOnlyAddTurnsToOneChatKeepBothSidesTurnsInIt() throws Exception {
        saveWork();
        try (JollamaProcess a = resumeWork();
                JollamaProcess b = resumeWork()) {
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
            assertThat(a.err() + b.err()).isEmpty();
        }
        assertThat(saved().userMessages("work")).containsExactly("the start", "said in a", "said in b");
        assertThat(saved().names()).containsExactly("work");
    }

    /**
     * The race of issue 24: two chats on one file, each saving after every turn, at the same moments.
     * Before the save held the chat's lock, one side's turns were lost in 5-40 % of rounds, and both
     * said the chat was saved.
     */
    @Test
    void twoProcessesSavingOneChatAtTheSameMomentsLoseNoTurnOverTwentyRounds() throws Exception {
        saveWork();
        List<String> said = new java.util.ArrayList<>();
        try (JollamaProcess a = resumeWork();
                JollamaProcess b = resumeWork()) {
            a.awaitOut("resuming work");
            b.awaitOut("resuming work");
            for (int round = 0; round < 20; round++) {
                a.type("a" + round);
                b.type("b" + round);
                a.awaitOut("echo: a" + round + "\n");
                b.awaitOut("echo: b" + round + "\n");
                said.add("a" + round);
                said.add("b" + round);
            }
            a.closeStdin();
            b.closeStdin();
            assertThat(a.awaitExit(BOUND)).isZero();
            assertThat(b.awaitExit(BOUND)).isZero();
            assertThat(a.err() + b.err())
                    .as("no fork: each side only added turns")
                    .isEmpty();
        }
        List<String> kept = saved().userMessages("work");
        assertThat(kept).containsAll(said).hasSize(said.size() + 1);
        // Each side's turns in the order it said them.
        assertThat(kept.stream().filter(m -> m.startsWith("a")).toList())
                .isEqualTo(said.stream().filter(m -> m.startsWith("a")).toList());
        assertThat(kept.stream().filter(m -> m.startsWith("b")).toList())
                .isEqualTo(said.stream().filter(m -> m.startsWith("b")).toList());
        assertThat(saved().names()).containsExactly("work");
    }

    @Test
    void aSideThatRewroteTheChatMakesTheOtherGoOnUnderANewNameSaidOnStderr() throws Exception {
        saveWork();
        before = saved().chat("work").toString();
        try (JollamaProcess a = resumeWork();
                JollamaProcess b = resumeWork()) {
            a.awaitOut("resuming work");
            b.awaitOut("resuming work");
            a.type("/retry"); // a new answer to "the start": the chat b read is not a beginning of a's any more
            Awaits.until(
                    "a's new answer saved",
                    () -> !saved().chat("work").toString().equals(before));
            b.type("said in b");
            b.awaitOut("echo: said in b");
            a.closeStdin();
            b.closeStdin();
            assertThat(a.awaitExit(BOUND)).isZero();
            assertThat(b.awaitExit(BOUND)).isZero();
            assertThat(b.err())
                    .isEqualTo(
                            "jollama: warning: chat work was changed by another jollama; this one goes on as work-2\n");
            assertThat(b.out()).doesNotContain("changed by another");
        }
        assertThat(saved().userMessages("work")).containsExactly("the start");
        assertThat(saved().userMessages("work-2")).containsExactly("the start", "said in b");
    }

    private String before;

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
