package dev.jollama.cli.repl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat REPL driven through JLine on a virtual terminal, against the fake daemon. */
class ReplIT {

    @TempDir
    Path home;

    private final FakeOllama fake = FakeOllama.start().answer(Answer.ECHO);
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        fake.close();
    }

    private final java.util.Map<String, String> extraEnv = new java.util.HashMap<>();

    private Services services() {
        CliRunner runner = new CliRunner(home).host(fake.url());
        extraEnv.forEach(runner::env);
        return new Services(runner.environment(), new GlobalOptions(null, null, true, false, false), line -> {});
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

    private static JsonNode session(Path file) throws IOException {
        return new ObjectMapper().readTree(Files.readString(file));
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
                .contains("context:  4096 tokens; the next message sends 2 earlier messages, about ")
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
        Path file = home.resolve("data/jollama/sessions/work.json");
        JsonNode saved = session(file);
        assertThat(saved.path("model").asText()).isEqualTo("llama3.2");
        assertThat(saved.path("messages")).hasSize(2);
        assertThat(saved.path("messages").get(0).path("at").asText()).startsWith("2025-05-11T");

        screen.reset();
        String out = chat(null, "work", "and now?", "/sessions", "/bye");
        assertThat(out).contains("resuming work (2 messages)").contains("work  llama3.2, 4 messages  (this chat)");
        assertThat(messagesOfLastChat()).hasSize(3);
        assertThat(session(file).path("messages")).hasSize(4);

        screen.reset();
        chat(null, null, "/load work", "more", "/bye");
        assertThat(messagesOfLastChat()).hasSize(5);
    }

    @Test
    void aDamagedSessionFileIsReportedAndLeftAlone() throws Exception {
        Path file = home.resolve("data/jollama/sessions/broken.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"name\": \"broken\", \"messages\": [");
        String out = chat("llama3.2", null, "/load broken", "/bye");
        assertThat(out).contains("session file " + file + " is damaged");
        assertThat(Files.readString(file)).isEqualTo("{\"name\": \"broken\", \"messages\": [");
    }

    @Test
    void saveNeverOverwritesAnotherChatDamagedOrNot() throws Exception {
        Path file = home.resolve("data/jollama/sessions/broken.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"name\": \"broken\", \"messages\": [");
        String out = chat("llama3.2", null, "hello", "/save broken", "/bye");
        assertThat(out)
                .contains("jollama: a chat named broken is saved already (" + file.getParent()
                        + "): it is left as it is; pick another name");
        assertThat(Files.readString(file)).isEqualTo("{\"name\": \"broken\", \"messages\": [");
    }

    @Test
    void historySessionsAndTheirFoldersAreReadableByTheUserOnly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault()
                .supportedFileAttributeViews()
                .contains("posix"));
        chat("llama3.2", null, "a private question", "/save mine", "/bye");
        for (String file : List.of("state/jollama/history", "data/jollama/sessions/mine.json")) {
            assertThat(mode(home.resolve(file))).as(file).isEqualTo("rw-------");
        }
        for (String dir : List.of("state", "state/jollama", "data", "data/jollama", "data/jollama/sessions")) {
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
        assertThat(written).extracting(p -> p.getFileName().toString()).contains("history", "keyed.json");
        for (Path file : written) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain("sk-never-on-disk");
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
        JsonNode saved = new ObjectMapper()
                .readTree(Files.list(home.resolve("data/jollama/sessions"))
                        .filter(p -> !p.getFileName().toString().startsWith(".")) // not the chat's lock
                        .findFirst()
                        .orElseThrow()
                        .toFile());
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
        assertThat(out).contains("no longer fit the 2048-token context: kept in the saved chat, not sent");
        JsonNode last = fake.requests("/api/chat").get(2).json().path("messages");
        assertThat(last.get(0).path("content").asText()).isEqualTo("stay");
        assertThat(last.get(1).path("role").asText()).isEqualTo("user"); // never an answer without its question
        assertThat(last.get(last.size() - 1).path("content").asText()).endsWith("3");
        assertThat(last.size()).isLessThan(6);
        JsonNode saved = session(home.resolve("data/jollama/sessions/ctx.json"));
        assertThat(saved.path("messages")).hasSize(6); // nothing lost on disk
    }

    @Test
    void clearStartsAfreshAndLeavesTheSavedChatAsItWas() throws Exception {
        chat("llama3.2", null, "important fact", "/save keepme", "/bye");
        screen.reset();
        String out = chat(null, "keepme", "/clear", "a new start", "/bye");
        assertThat(out).contains("conversation cleared; the one before stays saved as keepme");
        assertThat(session(home.resolve("data/jollama/sessions/keepme.json")).path("messages"))
                .hasSize(2);
        assertThat(messagesOfLastChat()).hasSize(1);
    }

    @Test
    void historyIsKeptAcrossChats() throws Exception {
        chat("llama3.2", null, "first question", "/bye");
        Path history = home.resolve("state/jollama/history");
        assertThat(Files.readString(history)).contains("first question");
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
        Path sessions = home.resolve("data/jollama/sessions");
        List<String> names;
        try (var list = Files.list(sessions)) {
            names = list.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")) // the chats' locks
                    .sorted()
                    .toList();
        }
        // The test clock stands still: both chats started in the same second.
        assertThat(names).containsExactly("chat-20250511-150648-2.json", "chat-20250511-150648.json");
        assertThat(session(sessions.resolve(names.get(1)))
                        .path("messages")
                        .get(0)
                        .path("content")
                        .asText())
                .isEqualTo("first chat");
        assertThat(session(sessions.resolve(names.get(0)))
                        .path("messages")
                        .get(0)
                        .path("content")
                        .asText())
                .isEqualTo("second chat");
    }

    @Test
    void slashCommandsAreACommandTreeWithGeneratedHelpAndPicocliErrors() throws Exception {
        String out = chat("llama3.2", null, "/help", "/help set", "/stats maybe", "/save", "/bye");
        assertThat(out).contains("/set KEY VALUE").contains("/model [NAME]").contains("/pull NAME");
        assertThat(out).contains("Usage: /set KEY VALUE...");
        assertThat(out)
                .contains("jollama: Invalid value for positional parameter at index 0 (on|off): 'maybe' is not on"
                        + " or off (/help stats)");
        assertThat(out).contains("jollama: Missing required parameter: 'NAME' (/help save)");
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
}
