package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Call;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a real pseudo-terminal a call is asked about before it runs, and "n" sends nothing of the file. */
class ToolApprovalTerminalIT {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path home;

    @TempDir
    Path workspace;

    private final FakeOllama fake = FakeOllama.start();

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(workspace.resolve("notes.txt"), "pineapple on Tuesday\n");
        fake.capabilities("llama3.2", "completion", "tools")
                .toolCalls(Call.of("read_file", "{\"path\":\"notes.txt\"}")
                        .withId("call_1")
                        .withIndex(0));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private JollamaProcess run() throws Exception {
        return JollamaProcess.onTerminal(
                home,
                Map.of("OLLAMA_HOST", fake.url()),
                "run",
                "--plain",
                "-T",
                "read_file",
                "--workspace",
                workspace.toString(),
                "llama3.2",
                "read notes.txt");
    }

    @Test
    void noSendsNothingOfTheFileAndTheModelHearsItWasDenied() throws Exception {
        try (JollamaProcess jollama = run()) {
            jollama.awaitOut("Run it? [y]es, [a]lways read_file, [N]o: ");
            assertThat(jollama.out())
                    .contains("the model wants to run read_file")
                    .contains("\"path\" : \"notes.txt\"");
            jollama.type("n");
            assertThat(jollama.awaitExit(BOUND)).isZero();
            assertThat(jollama.out()).contains("tool said: the user denied this call");
        }
        assertThat(fake.requests("/api/chat").toString()).doesNotContain("pineapple");
    }

    @Test
    void yesRunsThisCallAndItsResultReachesTheModel() throws Exception {
        try (JollamaProcess jollama = run()) {
            jollama.awaitOut("Run it? [y]es");
            jollama.type("y");
            assertThat(jollama.awaitExit(BOUND)).isZero();
            assertThat(jollama.out()).contains("tool said: ").contains("pineapple on Tuesday");
        }
    }

    @Test
    void inTheChatTheQuestionIsShownOverTheSpinnerAndCtrlCStopsTheTurn() throws Exception {
        try (JollamaProcess chat = JollamaProcess.onTerminal(
                home,
                Map.of("OLLAMA_HOST", fake.url(), "NO_COLOR", ""),
                "chat",
                "-T",
                "read_file",
                "--workspace",
                workspace.toString(),
                "llama3.2")) {
            chat.awaitOut(">>> ");
            chat.type("read it");
            chat.awaitOut("Run it? [y]es, [a]lways read_file, [N]o: ");
            chat.typeRaw("\u0003"); // Ctrl-C at the question
            chat.awaitOut("[interrupted");
            chat.type("/bye");
            assertThat(chat.awaitExit(BOUND)).isZero();
        }
        assertThat(fake.requests("/api/chat").toString()).doesNotContain("pineapple");
        assertThat(fake.requests("/api/chat")).hasSize(1);
    }
}
