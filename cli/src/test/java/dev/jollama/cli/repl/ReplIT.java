package dev.jollama.cli.repl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.GlobalOptions;
import dev.jollama.cli.Services;
import dev.jollama.core.Awaits;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat REPL driven through JLine on a virtual terminal, against the fake daemon. */
class ReplIT {

    @TempDir
    Path home;

    private final FakeOllama fake = FakeOllama.start().answer(Answer.ECHO);
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    @BeforeEach
    void inProcess() {
        // Also for the tests that start the chat on a thread of their own, where an assumption would
        // not reach JUnit: against a launcher (ChatProcessIT is the chat in a process) all are skipped.
        CliRunner.assumeInProcess("the chat runs in this JVM over a JLine DumbTerminal");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private final java.util.Map<String, String> extraEnv = new java.util.HashMap<>();

    private Services services() {
        CliRunner runner = new CliRunner(home).host(fake.url());
        extraEnv.forEach(runner::env);
        return new Services(runner.environment(), new GlobalOptions(null, null, true, false, false), notes::add);
    }

    /** What the chats told the user beside the terminal (jollama's diagnostics on stderr). */
    private final List<String> notes = new java.util.ArrayList<>();

    private JsonNode saved(String name) {
        return dev.jollama.cli.SavedChatsIn.home(home).chat(name);
    }

    /** Runs a whole chat with the given typed lines; returns what the terminal showed. */
    private String chat(String model, String resume, String... lines) throws IOException {
        byte[] typed = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        try (Terminal terminal = new DumbTerminal(
                "test", "dumb", new java.io.ByteArrayInputStream(typed), screen, StandardCharsets.UTF_8)) {
            ChatLauncher.start(services(), terminal, model, null, resume, false);
        }
        return screen.toString(StandardCharsets.UTF_8);
    }

    private String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    private List<JsonNode> messagesOfLastChat() {
        List<FakeOllama.Recorded> chats = fake.requests("/api/chat");
        JsonNode last = chats.get(chats.size() - 1).json();
        List<JsonNode> messages = new java.util.ArrayList<>();
        last.path("messages").forEach(messages::add);
        return messages;
    }

    @Test
    void aConversationSendsTheHistoryBackEachTurn() throws Exception {
        String out = chat("llama3.2", null, "hello there", "and again", "/bye");
        assertThat(out).contains("echo: hello there").contains("echo: and again");
        List<FakeOllama.Recorded> chats = fake.requests("/api/chat");
        assertThat(chats).hasSize(2);
        JsonNode second = chats.get(1).json().path("messages");
        assertThat(second).hasSize(3);
        assertThat(second.get(0).path("content").asText()).isEqualTo("hello there");
        assertThat(second.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(second.get(1).path("content").asText()).isEqualTo("echo: hello there");
        assertThat(second.get(2).path("content").asText()).isEqualTo("and again");
    }

    @Test
    void preloadsTheModelWhenTheChatOpens() throws Exception {
        String out = chat("llama3.2", null, "/bye");
        assertThat(out).contains("loading llama3.2 …");
        Awaits.until(
                "the preload request", () -> !fake.requests("/api/generate").isEmpty());
        JsonNode load = fake.requests("/api/generate").get(0).json();
        assertThat(load.path("model").asText()).isEqualTo("llama3.2");
        assertThat(load.has("prompt")).isFalse();
    }

    @Test
    void tripleQuotesMakeOneMultiLineMessage() throws Exception {
        chat("llama3.2", null, "\"\"\"first line", "second line", "last\"\"\"", "/bye");
        assertThat(fake.requests("/api/chat")
                        .get(0)
                        .json()
                        .path("messages")
                        .get(0)
                        .path("content")
                        .asText())
                .isEqualTo("first line\nsecond line\nlast");
    }

    @Test
    void slashCommandsChangeWhatIsSent() throws Exception {
        String out = chat(
                "llama3.2",
                null,
                "/system You are terse.",
                "/set temperature 0.3",
                "/set temperature hot",
                "/think off",
                "/stats on",
                "hi",
                "/show",
                "/bye");
        JsonNode request = fake.requests("/api/chat").get(0).json();
        assertThat(request.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(request.path("messages").get(0).path("content").asText()).isEqualTo("You are terse.");
        assertThat(request.path("options").path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(request.path("think").asBoolean(true)).isFalse();
        assertThat(out).contains("jollama: option temperature wants a number, not 'hot'");
        assertThat(out).contains("prompt ").contains("tokens/s");
        assertThat(out)
                .contains("model:    llama3.2")
                .contains("options:  {\"temperature\":0.3}")
                .contains("system:   You are terse.")
                .contains("context:  4096 tokens (Ollama's default below 23 GiB of VRAM, assumed until the model is"
                        + " loaded); the next message sends 2 earlier messages, about ")
                .contains("(the last answer used ");
    }

    @Test
    void modelAndProfileSwitchTheModelKeepingTheConversation() throws Exception {
        fake.install("phi3:3.8b-mini-4k-instruct-q4_K_M");
        chat("llama3.2", null, "one", "/model llama3.2:latest", "two", "/profile phi3-mini", "three", "/bye");
        List<FakeOllama.Recorded> chats = fake.requests("/api/chat");
        assertThat(chats.get(1).json().path("model").asText()).isEqualTo("llama3.2:latest");
        assertThat(chats.get(1).json().path("messages")).hasSize(3);
        assertThat(chats.get(2).json().path("model").asText()).isEqualTo("phi3:3.8b-mini-4k-instruct-q4_K_M");
        assertThat(chats.get(2).json().path("options").path("num_ctx").asInt()).isEqualTo(4096);
        assertThat(chats.get(2).json().path("messages")).hasSize(5);
    }

    @Test
    void clearForgetsAndRetryRegenerates() throws Exception {
        chat("llama3.2", null, "one", "/retry", "/clear", "two", "/bye");
        List<FakeOllama.Recorded> chats = fake.requests("/api/chat");
        assertThat(chats).hasSize(3);
        assertThat(chats.get(1).json().path("messages")).hasSize(1); // the answer is asked for again
        assertThat(chats.get(2).json().path("messages")).hasSize(1); // after /clear only "two"
        assertThat(chats.get(2).json().path("messages").get(0).path("content").asText())
                .isEqualTo("two");
    }

    @Test
    void unknownCommandSuggestsTheNearest() throws Exception {
        String out = chat("llama3.2", null, "/modle x", "/help", "/bye");
        assertThat(out).contains("jollama: unknown command /modle, try /help (did you mean /model?)");
        assertThat(out).contains("/sessions").contains("/retry").contains("\"\"\"");
    }

    @Test
    void saveLoadAndResumeRoundTrip() throws Exception {
        chat("llama3.2", null, "remember me", "/save work", "/bye");
        JsonNode saved = saved("work");
        assertThat(saved.path("model").asText()).isEqualTo("llama3.2");
        assertThat(saved.path("messages")).hasSize(2);
        assertThat(saved.path("messages").get(0).path("at").asText()).startsWith("2025-05-11T");

        screen.reset();
        String out = chat(null, "work", "and now?", "/sessions", "/bye");
        assertThat(out).contains("resuming work (2 messages)").contains("work  llama3.2, 4 messages  (this chat)");
        assertThat(messagesOfLastChat()).hasSize(3);
        assertThat(saved("work").path("messages")).hasSize(4);

        screen.reset();
        chat(null, null, "/load work", "more", "/bye");
        assertThat(messagesOfLastChat()).hasSize(5);
    }

    @Test
    void resumeWithoutANameContinuesTheChatUsedLast() throws Exception {
        chat("llama3.2", null, "first", "/save older", "/bye");
        chat("llama3.2", null, "second", "/save newer", "/bye");
        chat(null, "older", "older again", "/bye"); // used last now
        screen.reset();

        String out = chat(null, "", "/bye");

        assertThat(out).contains("resuming older (4 messages)");
    }

    @Test
    void resumeWithoutANameAndNoSavedChatSaysHowToStartOne() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> chat(null, "", "/bye"))
                .isInstanceOf(dev.jollama.core.error.InvalidInputException.class)
                .hasMessage("no saved chat to resume yet: start one with `jollama chat MODEL`");
    }

    @Test
    void aDamagedChatFileOfAnEarlierJollamaIsReportedAndLeftAlone() throws Exception {
        Path file =
                dev.jollama.cli.SavedChatsIn.home(home).putOldFile("broken", "{\"name\": \"broken\", \"messages\": [");
        String out = chat("llama3.2", null, "/load broken", "/bye");
        assertThat(notes).anySatisfy(n -> assertThat(n)
                .startsWith("jollama: not imported: session file " + file + " is damaged"));
        assertThat(out).contains("no saved chat 'broken'");
        assertThat(Files.readString(file)).isEqualTo("{\"name\": \"broken\", \"messages\": [");
    }

    @Test
    void saveNeverOverwritesAnotherChat() throws Exception {
        chat("llama3.2", null, "theirs", "/save taken", "/bye");
        screen.reset();
        String out = chat("llama3.2", null, "hello", "/save taken", "/bye");
        assertThat(out)
                .contains("jollama: a chat named taken is saved already ("
                        + dev.jollama.cli.SavedChatsIn.home(home).database()
                        + "): it is left as it is; pick another name");
        assertThat(dev.jollama.cli.SavedChatsIn.home(home).userMessages("taken"))
                .containsExactly("theirs");
    }

    @Test
    void historySessionsAndTheirFoldersAreReadableByTheUserOnly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault()
                .supportedFileAttributeViews()
                .contains("posix"));
        chat("llama3.2", null, "a private question", "/save mine", "/bye");
        for (String file : List.of("state/jollama/history", "data/jollama/jollama.db")) {
            assertThat(mode(home.resolve(file))).as(file).isEqualTo("rw-------");
        }
        for (String dir : List.of("state", "state/jollama", "data", "data/jollama")) {
            assertThat(mode(home.resolve(dir))).as(dir).isEqualTo("rwx------");
        }
        assertThat(Files.readString(home.resolve("state/jollama/history"))).contains("a private question");
    }

    private static String mode(Path p) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aDaemonErrorMidSessionKeepsTheMessageAndRetrySendsItAgain() throws Exception {
        fake.answer("gemma4", Answer.ERROR_MIDSTREAM);
        fake.install("llama3.2");
        String out = chat("gemma4", null, "ok?", "/model llama3.2", "/retry", "/bye");
        assertThat(out)
                .contains(
                        "jollama: Ollama: an error was encountered while running the model (mid-answer: the answer is incomplete) — your message is kept");
        List<FakeOllama.Recorded> chats = fake.requests("/api/chat");
        assertThat(chats).hasSize(2);
        JsonNode retried = chats.get(1).json().path("messages");
        assertThat(retried).hasSize(1); // the partial answer was replaced, the question kept
        assertThat(retried.get(0).path("content").asText()).isEqualTo("ok?");
        assertThat(out).contains("echo: ok?");
    }

    @Test
    void aHostileAnswerCannotDriveTheTerminal() throws Exception {
        fake.answer("llama3.2", Answer.HOSTILE);
        String out = chat("llama3.2", null, "summarise the document", "/bye");
        assertThat(out)
                .contains("Clear^[[2J screen, ^[]0;pwned^Gtitle, ^[]52;c;ZXZpbA==^Gclipboard, \\u202eevil.txt")
                .doesNotContain("\u001b[2J", "\u001b]", "\u0007", "\u202e");
    }

    @Test
    void theApiKeyIsSentButNeverWrittenToAnyFile() throws Exception {
        byte[] typed = "a question\n/save keyed\n/bye\n".getBytes(StandardCharsets.UTF_8);
        Services keyed = new Services(
                new CliRunner(home)
                        .host(fake.url())
                        .env("OLLAMA_API_KEY", "sk-never-on-disk")
                        .environment(),
                new GlobalOptions(null, null, true, false, true),
                line -> {});
        try (Terminal terminal = new DumbTerminal(
                "test", "dumb", new java.io.ByteArrayInputStream(typed), screen, StandardCharsets.UTF_8)) {
            ChatLauncher.start(keyed, terminal, "llama3.2", null, null, false);
        }
        assertThat(fake.requests("/api/chat").get(0).header("Authorization")).isEqualTo("Bearer sk-never-on-disk");
        List<Path> written;
        try (var files = Files.walk(home)) {
            written = files.filter(Files::isRegularFile).toList();
        }
        assertThat(written).extracting(p -> p.getFileName().toString()).contains("history", "jollama.db");
        assertThat(dev.jollama.cli.SavedChatsIn.home(home).names()).containsExactly("keyed");
        for (Path file : written) {
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                    .as(file.toString())
                    .doesNotContain("sk-never-on-disk");
        }
        assertThat(screen.toString(StandardCharsets.UTF_8)).doesNotContain("sk-never-on-disk");
    }

    @Test
    void rawPassesTheAnswerUnchangedInTheChatToo() throws Exception {
        fake.answer("llama3.2", Answer.HOSTILE);
        byte[] typed = "summarise\n/bye\n".getBytes(StandardCharsets.UTF_8);
        Services raw = new Services(
                new CliRunner(home).host(fake.url()).environment(),
                new GlobalOptions(null, null, true, true, false),
                line -> {});
        try (Terminal terminal = new DumbTerminal(
                "test", "dumb", new java.io.ByteArrayInputStream(typed), screen, StandardCharsets.UTF_8)) {
            ChatLauncher.start(raw, terminal, "llama3.2", null, null, false);
        }
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains("Clear\u001b[2J screen");
    }

    @Test
    void aHostileErrorTextIsShownHarmlessly() throws Exception {
        fake.answer("llama3.2", Answer.HOSTILE_ERROR);
        String out = chat("llama3.2", null, "go", "/bye");
        assertThat(out)
                .contains(
                        "jollama: Ollama: model crashed^[]0;pwned^G (mid-answer: the answer is incomplete) — your message is kept");
        assertThat(out).doesNotContain("\u001b]0;pwned");
    }

    @Test
    void daemonDownIsOneLineAndTheReplCarriesOn() throws Exception {
        fake.close();
        String out = chat("llama3.2", null, "hello", "/show", "/bye");
        assertThat(out).contains("jollama: Ollama is not reachable at " + fake.url());
        assertThat(out).contains("model:    llama3.2").contains("bye");
    }

    @Test
    void ctrlCCancelsTheAnswerOnlyAndTheDaemonSeesTheConnectionClosed() throws Exception {
        fake.answer("llama3.2", Answer.SLOW_STREAM);
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        try (Terminal terminal = new DumbTerminal("test", "dumb", in, screen, StandardCharsets.UTF_8)) {
            Thread chat = new Thread(() -> ChatLauncher.start(services(), terminal, "llama3.2", null, null, false));
            chat.start();
            keys.write("tell me a long story\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            Awaits.until("the answer streaming", () -> screen().contains("more more"));
            terminal.raise(Terminal.Signal.INT);
            assertThat(fake.awaitDisconnect(3000))
                    .as("the daemon saw the connection closed")
                    .isTrue();
            keys.write("/show\n/bye\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            chat.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(chat.isAlive()).isFalse();
        }
        String out = screen.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("[interrupted: the partial answer is kept").contains("model:    llama3.2");
        JsonNode saved = saved(dev.jollama.cli.SavedChatsIn.home(home).names().get(0));
        assertThat(saved.path("messages").get(1).path("interrupted").asBoolean())
                .isTrue();
        assertThat(saved.path("messages").get(1).path("content").asText()).startsWith("The more");
    }

    @Test
    void ctrlCOnAStalledAnswerGivesThePromptBackKeepingThePartialAnswer() throws Exception {
        fake.answer("llama3.2", Answer.STALL); // three chunks, then silence with the connection open
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        try (Terminal terminal = new DumbTerminal("test", "dumb", in, screen, StandardCharsets.UTF_8)) {
            Thread chat = new Thread(() -> ChatLauncher.start(services(), terminal, "llama3.2", null, null, false));
            chat.start();
            keys.write("alpha beta\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            // The printer holds back a word until it knows where the line wraps: "beta" may still wait.
            Awaits.until("the chunks before the stall", () -> screen().contains("echo: alpha"));

            terminal.raise(Terminal.Signal.INT); // from this thread, not the one reading the answer

            Awaits.until("the prompt back within the bound", Duration.ofSeconds(5), () -> screen().contains(
                            "[interrupted: the partial answer is kept"));
            assertThat(fake.awaitDisconnect(5000))
                    .as("the daemon saw the hang-up")
                    .isTrue();
            keys.write("/bye\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            chat.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(chat.isAlive()).isFalse();
        }
    }

    @Test
    void ctrlCAtThePromptSaysHowToLeave() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        try (Terminal terminal = new DumbTerminal("test", "dumb", in, screen, StandardCharsets.UTF_8)) {
            Thread chat = new Thread(() -> ChatLauncher.start(services(), terminal, "llama3.2", null, null, false));
            chat.start();
            Awaits.until("the prompt", () -> screen().contains(">>> "));
            // The reader installs its Ctrl-C handler just after drawing the prompt: press until it answers.
            Awaits.until("the reader's answer to Ctrl-C", () -> {
                terminal.raise(Terminal.Signal.INT);
                return screen().contains("to leave, type /bye");
            });
            keys.write("/bye\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            chat.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(chat.isAlive()).isFalse();
        }
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains("to leave, type /bye or press Ctrl-D");
    }

    @Test
    void oldTurnsThatNoLongerFitAreNotSentButStaySavedAndTheRequestStartsAtAQuestion() throws Exception {
        new CliRunner(home).writeConfig("{\"compact\": \"off\"}");
        fake.contextLength(8192);
        String big = "x".repeat(3000); // ~750 tokens each
        String out = chat(
                "llama3.2",
                null,
                "/set num_ctx 2048",
                "/system stay",
                big + "1",
                big + "2",
                big + "3",
                "/save ctx",
                "/bye");
        assertThat(out)
                .contains("no longer fit the 2048-token context: kept in the saved chat, not sent; the system prompt"
                        + " is still sent (/compact summarises them instead)");
        JsonNode last = fake.requests("/api/chat").get(2).json().path("messages");
        assertThat(last.get(0).path("content").asText()).isEqualTo("stay");
        assertThat(last.get(1).path("role").asText()).isEqualTo("user"); // never an answer without its question
        assertThat(last.get(last.size() - 1).path("content").asText()).endsWith("3");
        assertThat(last.size()).isLessThan(6);
        JsonNode saved = saved("ctx");
        assertThat(saved.path("messages")).hasSize(6); // nothing lost on disk
    }

    @Test
    void clearStartsAfreshAndLeavesTheSavedChatAsItWas() throws Exception {
        chat("llama3.2", null, "important fact", "/save keepme", "/bye");
        screen.reset();
        String out = chat(null, "keepme", "/clear", "a new start", "/bye");
        assertThat(out).contains("conversation cleared; the one before stays saved as keepme");
        assertThat(saved("keepme").path("messages")).hasSize(2);
        assertThat(messagesOfLastChat()).hasSize(1);
    }

    @Test
    void historyIsKeptAcrossChats() throws Exception {
        chat("llama3.2", null, "first question", "/bye");
        Path history = home.resolve("state/jollama/history");
        assertThat(Files.readString(history)).contains("first question");
    }

    @Test
    void ollamaNoHistoryKeepsNoLineHistoryAsOllamasCliDoes() throws Exception {
        extraEnv.put("OLLAMA_NOHISTORY", "1");
        String out = chat("llama3.2", null, "a question not to keep", "/bye");
        assertThat(out).contains("echo: a question not to keep");
        assertThat(home.resolve("state/jollama/history")).doesNotExist();
    }

    @Test
    void afterACutAnswerAServerErrorAndAModelSwitchTheNextRequestHoldsNoPartialAndNoTwoUserTurns() throws Exception {
        fake.answer("fault-reset", Answer.CUT).answer("fault-oom", Answer.OUT_OF_MEMORY_500);
        String out = chat(
                "llama3.2",
                null,
                "/model fault-reset",
                "alpha beta gamma delta",
                "/model fault-oom",
                "oom question",
                "/model llama3.2",
                "a new question",
                "/bye");
        assertThat(out).contains("the answer is incomplete — your message is kept: /retry to send it again");
        assertThat(out).contains(FakeOllama.OUT_OF_MEMORY + " — your message is kept");
        List<JsonNode> sent = messagesOfLastChat();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).path("content").asText()).isEqualTo("a new question");
    }

    @Test
    void retryAfterAFailureSendsTheSameQuestionWithoutThePartialAnswer() throws Exception {
        fake.answer("llama3.2", Answer.CUT);
        chat("llama3.2", null, "first try", "/bye");
        fake.answer("llama3.2", Answer.ECHO);
        screen.reset();
        chat(null, "", "/retry", "/bye");
        List<JsonNode> sent = messagesOfLastChat();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).path("content").asText()).isEqualTo("first try");
    }

    @Test
    void aFailedModelSwitchLeavesTheChatOnItsModel() throws Exception {
        String out = chat("llama3.2", null, "/model nosuch:tag", "still here?", "/show", "/bye");
        assertThat(out)
                .contains("model 'nosuch:tag' is not installed: /pull nosuch:tag downloads it; still using llama3.2");
        assertThat(fake.requests("/api/chat").get(0).json().path("model").asText())
                .isEqualTo("llama3.2");
        assertThat(out).contains("model:    llama3.2");
    }

    @Test
    void twoChatsStartedInTheSameSecondAreSavedApartAndAnEmptyChatIsNotSaved() throws Exception {
        chat("llama3.2", null, "first chat", "/bye");
        chat("llama3.2", null, "second chat", "/bye");
        String out = chat("llama3.2", null, "/bye");
        assertThat(out).contains("bye — nothing was said, so nothing was saved");
        List<String> names = dev.jollama.cli.SavedChatsIn.home(home).names().stream()
                .sorted()
                .toList();
        // The test clock stands still: both chats started in the same second.
        assertThat(names).containsExactly("chat-20250511-150648", "chat-20250511-150648-2");
        assertThat(saved(names.get(0)).path("messages").get(0).path("content").asText())
                .isEqualTo("first chat");
        assertThat(saved(names.get(1)).path("messages").get(0).path("content").asText())
                .isEqualTo("second chat");
    }

    @Test
    void slashCommandsAreACommandTreeWithGeneratedHelpAndPicocliErrors() throws Exception {
        String out = chat("llama3.2", null, "/help", "/help set", "/stats maybe", "/save", "/save my chat", "/bye");
        assertThat(out).contains("/set KEY [VALUE]").contains("/model [NAME]").contains("/pull NAME");
        assertThat(out).contains("Usage: /set KEY [VALUE...]").contains("/set parameter KEY VALUE");
        assertThat(out).contains("jollama: /stats takes on or off, not 'maybe' (/help stats)");
        assertThat(out).contains("jollama: missing required parameter: 'NAME' (/help save)");
        // In our words, not Picocli's "Unmatched argument at index 1"
        assertThat(out)
                .contains("jollama: one argument too many: 'chat'; save takes NAME (quote a value that has spaces)"
                        + " (/help save)")
                .doesNotContain("index");
    }

    @Test
    void aTripleQuotedBlockIsOneHistoryEntry() throws Exception {
        chat("llama3.2", null, "\"\"\"line one", "line two\"\"\"", "/bye");
        String history = Files.readString(home.resolve("state/jollama/history"));
        assertThat(history).contains("\"\"\"line one\\nline two\"\"\"");
        assertThat(history.lines()
                        .filter(l -> l.endsWith("line two\"\"\"") || l.endsWith("\"\"\""))
                        .count())
                .isEqualTo(1);
        assertThat(messagesOfLastChat().get(0).path("content").asText()).isEqualTo("line one\nline two");
    }

    @Test
    void aLongPasteWithoutBracketedPasteReachesTheDaemonQuickly() throws Exception {
        String paste = "word ".repeat(6_000); // 30,000 characters: ~45 s when JLine redrew per character
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys, 1 << 20);
        try (Terminal terminal = new org.jline.terminal.impl.ExternalTerminal(
                "test", "xterm-256color", in, screen, StandardCharsets.UTF_8)) {
            terminal.setSize(new org.jline.terminal.Size(80, 24));
            Thread chat = new Thread(() -> ChatLauncher.start(services(), terminal, "llama3.2", null, null, false));
            chat.start();
            Awaits.until("the prompt", () -> screen().contains(">>> "));
            keys.write((paste + "\r").getBytes(StandardCharsets.UTF_8));
            keys.flush();
            Awaits.until("the pasted message at the daemon", Duration.ofSeconds(10), () -> !fake.requests("/api/chat")
                    .isEmpty());
            assertThat(messagesOfLastChat().get(0).path("content").asText()).isEqualTo(paste.strip());
            keys.write("/bye\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            chat.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    @Test
    void editSendsWhatTheEditorSavedAndFileAttachesToTheNextMessage() throws Exception {
        Path editor = home.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\nprintf 'composed at length' > \"$1\"\n");
        editor.toFile().setExecutable(true);
        extraEnv.put("EDITOR", editor.toString());
        Path notes = home.resolve("notes.txt");
        Files.writeString(notes, "the notes\n");
        String out = chat("llama3.2", null, "/edit", "/file " + notes, "what do they say?", "/bye");
        List<FakeOllama.Recorded> chats = fake.requests("/api/chat");
        assertThat(chats.get(0).json().path("messages").get(0).path("content").asText())
                .isEqualTo("composed at length");
        assertThat(out).contains("attached " + notes.toAbsolutePath() + " (~");
        JsonNode last = chats.get(1).json().path("messages");
        assertThat(last.get(last.size() - 1).path("content").asText())
                .isEqualTo("```" + notes.toAbsolutePath() + "\nthe notes\n```\n\nwhat do they say?");
    }

    @Test
    void copyPutsTheLastAnswerOnTheClipboardWithTheToolItFinds() throws Exception {
        Path bin = home.resolve("bin");
        Files.createDirectories(bin);
        Path xclip = bin.resolve("xclip");
        Files.writeString(xclip, "#!/bin/sh\ncat > \"" + home.resolve("clipboard") + "\"\n");
        xclip.toFile().setExecutable(true);
        extraEnv.put("PATH", bin + ":/usr/bin:/bin");
        extraEnv.put("DISPLAY", ":0");
        String out = chat("llama3.2", null, "/copy", "copy me", "/copy", "/bye");
        assertThat(out).contains("no answer to copy yet").contains("with xclip");
        assertThat(Files.readString(home.resolve("clipboard"))).isEqualTo("echo: copy me");
    }

    @Test
    void eachFileCommandAddsToWhatTheNextMessageCarries() throws Exception {
        Path a = home.resolve("a.txt");
        Path b = home.resolve("b.txt");
        Files.writeString(a, "alpha\n");
        Files.writeString(b, "beta\n");
        chat("llama3.2", null, "/file " + a, "/file '" + b + "'", "both?", "/bye");
        String sent = messagesOfLastChat().get(0).path("content").asText();
        assertThat(sent).contains("alpha").contains("beta").endsWith("both?");
    }

    private static final String SUMMARY = "SUMMARY: the user said one and two";

    private static List<String> roles(JsonNode request) {
        List<String> roles = new java.util.ArrayList<>();
        request.path("messages").forEach(m -> roles.add(m.path("role").asText()));
        return roles;
    }

    private JsonNode lastChatRequest() {
        List<FakeOllama.Recorded> chats = fake.requests("/api/chat");
        return chats.get(chats.size() - 1).json();
    }

    @Test
    void compactSummarisesTheOlderTurnsWhichAResumedChatStillSendsInTheirPlace() throws Exception {
        fake.answerWhenSystem("You condense conversations.", SUMMARY);
        String pad = " " + "a".repeat(200); // a summary must be shorter than what it replaces
        String out = chat(
                "llama3.2",
                null,
                "one" + pad,
                "two" + pad,
                "three" + pad,
                "/compact",
                "four",
                "/show",
                "/save compacted",
                "/bye");
        assertThat(out)
                .contains("compacted 2 older turns into a summary of about 9 tokens; the next message sends about ")
                .contains("(every turn stays in the saved chat)")
                .contains("after a summary of 2 older messages (/compact)")
                .contains("older turns are compacted when it is full");
        JsonNode four = lastChatRequest();
        assertThat(roles(four)).containsExactly("system", "user", "assistant", "user", "assistant", "user");
        assertThat(four.path("messages").get(0).path("content").asText()).endsWith(SUMMARY);
        assertThat(four.path("messages").get(1).path("content").asText()).startsWith("two");
        assertThat(four.path("truncate").asBoolean(true)).isFalse();
        assertThat(four.path("shift").asBoolean(true)).isFalse();
        JsonNode saved = saved("compacted");
        assertThat(saved.path("messages")).hasSize(8);
        assertThat(saved.path("summary").asText()).isEqualTo(SUMMARY);

        screen.reset();
        chat(null, "compacted", "five", "/bye");
        JsonNode five = lastChatRequest();
        assertThat(roles(five))
                .containsExactly("system", "user", "assistant", "user", "assistant", "user", "assistant", "user");
        assertThat(five.path("messages").get(0).path("content").asText()).endsWith(SUMMARY);
    }

    @Test
    void compactWithOneExchangeSaysThereIsNothingOlder() throws Exception {
        String out = chat("llama3.2", null, "one", "/compact", "/bye");
        assertThat(out).contains("nothing older to compact: the last exchanges are sent as they are");
        assertThat(fake.requests("/api/chat")).hasSize(1);
    }

    @Test
    void beforeAMessageWouldNotFitTheChatCompactsByItselfAndSaysSo() throws Exception {
        fake.answerWhenSystem("You condense conversations.", SUMMARY);
        String big = "x".repeat(2000); // ~500 tokens; echoed, ~1000 an exchange
        String out = chat("llama3.2", null, "/set num_ctx 3072", big + "1", big + "2", big + "3", "/bye");
        assertThat(out)
                .contains("(compacted 2 older turns into a summary to fit the 3072-token context (kept in the saved"
                        + " chat))");
        JsonNode sent = lastChatRequest();
        assertThat(roles(sent)).containsExactly("system", "user", "assistant", "user");
        assertThat(sent.path("messages").get(1).path("content").asText()).endsWith("2");
        assertThat(sent.path("messages").get(3).path("content").asText()).endsWith("3");
    }

    @Test
    void aMessageTooLongForTheContextIsExplainedAndKeptForARetry() throws Exception {
        fake.contextLength(131072);
        String out = chat("llama3.2", null, "x".repeat(4 * 5000), "/set num_ctx 8192", "/retry", "/bye");
        assertThat(out)
                .contains("jollama: the input is about 5004 tokens, more than the 4096-token context")
                .contains("  /set num_ctx 8192 makes room, or start the chat with --truncate to let Ollama cut")
                .contains("echo: xxxx");
        assertThat(lastChatRequest().path("options").path("num_ctx").asInt()).isEqualTo(8192);
    }

    @Test
    void anOldDaemonsCutIsSaidOnceAndFollowUpsCountedByAPromptCacheRaiseNoAlarm() throws Exception {
        fake.ignoresTruncate(true).promptCache(true).answerWhenSystem("You condense conversations.", SUMMARY);
        String small =
                chat("llama3.2", null, "y".repeat(2000) + "1", "y".repeat(2000) + "2", "y".repeat(2000) + "3", "/bye");
        assertThat(small).doesNotContain("probably cut");
        screen.reset();
        String big = "z".repeat(4 * 5000);
        String out = chat("llama3.2", null, big + "1", big + "2", "/bye");
        assertThat(out.split("the daemon probably cut the start of the input", -1))
                .hasSize(2); // once
        assertThat(out).contains("/set num_ctx 8192 makes room, or update Ollama");
    }

    @Test
    void ollamaRunsSetAndShowFormsAreUnderstoodAndNeverSentAsOptions() throws Exception {
        fake.showing("license", "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT");
        String out = chat(
                "llama3.2",
                null,
                "/set parameter temperature 0.2",
                "/set parameter stop <|end|> <|eot|>",
                "/set system be brief",
                "/set verbose",
                "hi",
                "/set quiet",
                "/show info",
                "/show modelfile",
                "/show parameters",
                "/show license",
                "/show template",
                "/show system",
                "/show nonsense",
                "again",
                "/bye");
        JsonNode first = fake.requests("/api/chat").get(0).json();
        assertThat(first.path("options").properties())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("temperature", "stop");
        assertThat(first.path("options").path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(first.path("options").path("stop").toString()).isEqualTo("[\"<|end|>\",\"<|eot|>\"]");
        assertThat(first.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(first.path("messages").get(0).path("content").asText()).isEqualTo("be brief");
        assertThat(out)
                .contains("set temperature = 0.2")
                .contains("system prompt set")
                .contains("stats on")
                .contains("stats off")
                .doesNotContain("not an option jollama knows")
                .doesNotContain("Unmatched argument");
        // /set verbose showed the stats after the first answer only.
        assertThat(out.split("tokens/s", -1)).hasSize(2);
        assertThat(out).contains("  Model").containsPattern("family +llama").contains("context length");
        assertThat(out).contains("FROM /home/u/.ollama/models/blobs/sha256-");
        assertThat(out)
                .contains("the model's parameters:")
                .contains("  num_keep   24")
                .contains("set in this chat (sent with each message):")
                .containsPattern("  temperature +0.2");
        assertThat(out).contains("LLAMA 3.2 COMMUNITY LICENSE AGREEMENT");
        assertThat(out).contains("{{ if .System }}<|start_header_id|>system");
        assertThat(out).containsPattern("(?m)^(>>> )?be brief$"); // /show system
        assertThat(out)
                .contains("jollama: /show takes info, license, modelfile, parameters, system, template or nothing,"
                        + " not 'nonsense'");
    }

    @Test
    void ollamaRunsSetWordsWithoutAnEquivalentAreRefusedAndSendNothing() throws Exception {
        String out = chat("llama3.2", null, "/set wordwrap", "/set nohistory", "/set temperature", "hi", "/bye");
        assertThat(out)
                .contains("jollama: /set wordwrap: jollama always wraps answers at words")
                .contains("jollama: /set nohistory: jollama always keeps the chat's line history")
                .contains("jollama: /set temperature wants a value: /set temperature VALUE");
        assertThat(fake.requests("/api/chat").get(0).json().has("options")
                        && fake.requests("/api/chat")
                                        .get(0)
                                        .json()
                                        .path("options")
                                        .size()
                                > 0)
                .isFalse();
    }

    @Test
    void thinkingIsRefusedForAModelThatCannotThinkHoweverItIsAskedFor() throws Exception {
        fake.capabilities("llama3.2", "completion", "vision");
        String out = chat("llama3.2", null, "/think on", "/set think", "/set think high", "/think", "hi", "/bye");
        assertThat(out.split("model llama3.2 cannot think \\(its capabilities: completion, vision\\)", -1))
                .hasSize(4);
        assertThat(out).contains("thinking: model default");
        assertThat(fake.requests("/api/chat").get(0).json().has("think")).isFalse();
    }

    @Test
    void aProfileChosenLaterKeepsWhatWasSetByHandAndSaysSo() throws Exception {
        fake.install("phi3:3.8b-mini-4k-instruct-q4_K_M");
        String out = chat(
                "llama3.2",
                null,
                "/system you are a pirate",
                "/set temperature 0.9",
                "/profile phi3-mini",
                "ahoy",
                "/bye");
        assertThat(out)
                .contains("now using phi3:3.8b-mini-4k-instruct-q4_K_M (profile phi3-mini); kept what you set in this"
                        + " chat over the profile's: the system prompt, temperature 0.9");
        JsonNode sent = fake.requests("/api/chat").get(0).json();
        assertThat(sent.path("model").asText()).isEqualTo("phi3:3.8b-mini-4k-instruct-q4_K_M");
        assertThat(sent.path("messages").get(0).path("content").asText()).isEqualTo("you are a pirate");
        assertThat(sent.path("options").path("temperature").asDouble()).isEqualTo(0.9);
        assertThat(sent.path("options").path("num_ctx").asInt()).isEqualTo(4096); // the profile's own
    }

    @Test
    void switchesWithNoArgumentShowTheirStateAndModelListsTheInstalledOnes() throws Exception {
        fake.install("phi3:3.8b-mini-4k-instruct-q4_K_M");
        String out = chat(
                "llama3.2",
                null,
                "/stats",
                "/markdown",
                "/markdown off",
                "/markdown",
                "/think",
                "/system",
                "/system short answers",
                "/system",
                "/model",
                "/bye");
        assertThat(out)
                .contains("stats off")
                .contains("markdown on")
                .contains("markdown off")
                .contains("thinking: model default (/think on|off|LEVEL)")
                .contains("no system prompt set")
                .contains("system prompt set")
                .contains("system prompt removed")
                .doesNotContain("Missing required parameter");
        assertThat(out.indexOf("no system prompt set")).isLessThan(out.indexOf("system prompt removed"));
        assertThat(out)
                .contains("model: llama3.2")
                .contains("installed (/model NAME switches to one):")
                .containsPattern("\\* llama3\\.2:latest +2\\.0 GB")
                .containsPattern("  phi3:3\\.8b-mini-4k-instruct-q4_K_M +");
    }

    @Test
    void loadOfAnInstalledModelSwitchesToItAndSaysSo() throws Exception {
        fake.install("phi3:3.8b-mini-4k-instruct-q4_K_M");
        String out =
                chat("llama3.2", null, "one", "/load phi3:3.8b-mini-4k-instruct-q4_K_M", "two", "/load nosuch", "/bye");
        assertThat(out)
                .contains("no saved chat 'phi3:3.8b-mini-4k-instruct-q4_K_M'; it is an installed model, so: now using"
                        + " phi3:3.8b-mini-4k-instruct-q4_K_M");
        assertThat(out)
                .contains("jollama: no saved chat 'nosuch' and no installed model by that name: /sessions lists the"
                        + " chats, /model the models");
        JsonNode second = fake.requests("/api/chat").get(1).json();
        assertThat(second.path("model").asText()).isEqualTo("phi3:3.8b-mini-4k-instruct-q4_K_M");
        assertThat(second.path("messages")).hasSize(3); // the conversation goes on, as with /model
    }

    @Test
    void showListsTheAttachmentsAndDropRemovesOneOrAll() throws Exception {
        Path a = home.resolve("a.txt");
        Path b = home.resolve("b.txt");
        Files.writeString(a, "alpha\n");
        Files.writeString(b, "beta\n");
        String out = chat(
                "llama3.2",
                null,
                "/show",
                "/file " + a,
                "/file " + b,
                "/show",
                "/drop 3",
                "/drop 1",
                "only beta?",
                "/file " + a,
                "/drop all",
                "/drop",
                "none?",
                "/bye");
        assertThat(out).contains("attached: (none: /file PATH attaches one to the next message)");
        assertThat(out)
                .contains("attached: to the next message (/drop N or /drop all removes them):")
                .contains("  1. " + a.toAbsolutePath() + " (~")
                .contains("  2. " + b.toAbsolutePath() + " (~");
        assertThat(out).contains("jollama: no attachment 3: the next message carries 2 (/show lists them)");
        assertThat(out).contains("dropped " + a.toAbsolutePath());
        assertThat(out).contains("dropped " + a.toAbsolutePath() + ": the next message carries no file");
        assertThat(out).contains("nothing is attached to the next message");
        List<FakeOllama.Recorded> chats = fake.requests("/api/chat");
        String first =
                chats.get(0).json().path("messages").get(0).path("content").asText();
        assertThat(first).contains("beta").doesNotContain("alpha").endsWith("only beta?");
        JsonNode last = chats.get(1).json().path("messages");
        assertThat(last.get(last.size() - 1).path("content").asText()).isEqualTo("none?");
    }

    @Test
    void anImageForAModelWithoutVisionIsRefusedAtFileAndNothingIsAttached() throws Exception {
        fake.capabilities("llama3.2", "completion");
        Path png =
                Files.write(home.resolve("cat.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        String out = chat("llama3.2", null, "/file " + png, "what is it?", "/bye");
        assertThat(out)
                .contains("model llama3.2 cannot see images (its capabilities: completion): /file with an image is"
                        + " refused; choose a model that lists vision in `jollama show`")
                .doesNotContain("attached");
        assertThat(messagesOfLastChat().get(0).path("images").isMissingNode())
                .as("the message went without the image")
                .isTrue();
    }
}
