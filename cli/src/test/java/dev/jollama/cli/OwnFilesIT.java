package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jollama's own files (config, saved chats, history, the pid file, an MCP config) when they are not
 * what jollama wrote: a device, a FIFO, a file too large, the copies a killed save leaves. Each as it
 * happens: a real FIFO made by mkfifo, a real link to /dev/zero, a real process killed with SIGKILL.
 */
class OwnFilesIT {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private final FakeOllama fake = FakeOllama.start().answer(FakeOllama.Answer.ECHO);

    @BeforeAll
    static void posixOnly() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/mkfifo")) || Files.isExecutable(Path.of("/bin/mkfifo")),
                "FIFOs and devices are POSIX");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private CliRunner cli() {
        return new CliRunner(home).host(fake.url());
    }

    private Path sessions() {
        return home.resolve("data/jollama/sessions");
    }

    private static Path fifo(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        return file;
    }

    /** jollama as a process: a file that blocks or never ends must not take the test with it. */
    private Result process(Map<String, String> env, String... args) throws Exception {
        try (JollamaProcess p = JollamaProcess.start(home, env, args)) {
            int code = p.awaitExit(BOUND);
            return new Result(code, p.out(), p.err());
        }
    }

    /** A chat fed through a pipe, in a process of its own (a chat reads the process's stdin). */
    private int chat(String... lines) throws Exception {
        try (JollamaProcess chat =
                JollamaProcess.start(home, JollamaProcess.host(fake.url()), true, "chat", "llama3.2")) {
            for (String line : lines) {
                chat.type(line);
            }
            chat.closeStdin();
            return chat.awaitExit(BOUND);
        }
    }

    @Test
    void aConfigThatIsDevZeroIsRefusedWithExit4InsteadOfBeingReadUntilMemoryRunsOut() throws Exception {
        Result r = process(JollamaProcess.host(fake.url()), "--config", "/dev/zero", "run", "llama3.2", "hi");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertThat(r.err())
                .isEqualTo("jollama: config /dev/zero is a character device, not a regular file: jollama reads its"
                        + " config only from a regular file\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aConfigThatIsAFifoIsRefusedAtOnceInsteadOfWaitingForeverForAWriter() throws Exception {
        Path config = fifo(home.resolve("config/jollama/config.json"));

        Result r = process(JollamaProcess.host(fake.url()), "run", "llama3.2", "hi");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertThat(r.err())
                .isEqualTo("jollama: config " + config + " is a FIFO (named pipe), not a regular file: jollama reads"
                        + " its config only from a regular file\n");
    }

    @Test
    void aConfigLargerThanOneMebibyteIsRefused() throws Exception {
        Path config = home.resolve("big.json");
        Files.writeString(config, "{}" + " ".repeat(1 << 20));

        Result r = cli().run("--config", config.toString(), "run", "llama3.2", "hi");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertThat(r.err())
                .isEqualTo("jollama: config " + config + " is larger than 1 MiB, the most jollama reads of a config\n");
    }

    @Test
    void anOldChatFileThatIsALinkToADeviceIsNotReadAndNamedWithTheRule() throws Exception {
        Files.createDirectories(sessions());
        Path chat = Files.createSymbolicLink(sessions().resolve("x.json"), Path.of("/dev/zero"));

        Result r = process(Map.of(), "sessions", "show", "x");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("jollama: not imported: saved chat " + chat + " is a character device, not a regular file:"
                        + " jollama reads its saved chat only from a regular file\n"
                        + "jollama: no saved chat 'x' (`jollama sessions` lists them)\n");
        assertThat(chat).isSymbolicLink();
    }

    @Test
    void aDatabaseThatIsALinkToADeviceIsRefusedWithExit4() throws Exception {
        Path db = Files.createDirectories(home.resolve("data/jollama")).resolve("jollama.db");
        Files.createSymbolicLink(db, Path.of("/dev/zero"));

        Result r = process(Map.of(), "sessions");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertThat(r.err())
                .isEqualTo("jollama: " + db + " is not a regular file: jollama keeps its chats and log there; move it"
                        + " away\n");
    }

    @Test
    void aPidFileThatIsAFifoIsRefusedInsteadOfBlockingServe() throws Exception {
        Path pid = fifo(home.resolve("state/jollama/ollama.pid"));

        Result r = process(JollamaProcess.host(fake.url()), "serve", "--status");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertThat(r.err())
                .isEqualTo("jollama: pid file " + pid + " is a FIFO (named pipe), not a regular file: jollama reads"
                        + " its pid file only from a regular file\n");
    }

    @Test
    void anMcpConfigThatIsAFifoIsRefused() throws Exception {
        Path mcp = fifo(home.resolve("claude.json"));

        Result r = process(JollamaProcess.host(fake.url()), "mcp", "list", "--mcp-config", mcp.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertThat(r.err()).contains("MCP config " + mcp + " is a FIFO (named pipe), not a regular file");
    }

    @Test
    void aHistoryThatIsAFifoIsRefusedInsteadOfBlockingTheChat() throws Exception {
        Path history = fifo(home.resolve("state/jollama/history"));

        try (JollamaProcess chat =
                JollamaProcess.onTerminal(home, JollamaProcess.host(fake.url()), "chat", "llama3.2")) {
            int code = chat.awaitExit(BOUND);

            assertThat(code).as(chat.out()).isEqualTo(4);
            assertThat(chat.out())
                    .contains("jollama: chat history " + history + " is a FIFO (named pipe), not a regular file");
        }
    }

    // ---- leftovers of a killed save

    /** A chat of about 20 MB (20 messages of 1 MB), so that each save writes its temporary copy for a while. */
    private void bigChat(String name) throws Exception {
        Files.createDirectories(sessions());
        StringBuilder messages = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            messages.append(i == 0 ? "" : ",")
                    .append("{\"role\":\"user\",\"content\":\"")
                    .append("secret ".repeat(150_000))
                    .append("\",\"at\":\"2025-05-11T15:00:00Z\"},{\"role\":\"assistant\",\"content\":\"")
                    .append("noted ".repeat(170_000))
                    .append("\",\"at\":\"2025-05-11T15:00:01Z\"}");
        }
        Files.writeString(
                sessions().resolve(name + ".json"),
                "{\"name\":\"" + name + "\",\"model\":\"llama3.2\",\"created\":\"2025-05-11T15:00:00Z\","
                        + "\"updated\":\"2025-05-11T15:00:00Z\",\"messages\":[" + messages + "]}");
    }

    private List<Path> temporaryCopies(String name) throws Exception {
        try (var files = Files.list(sessions())) {
            return files.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.startsWith("." + name + ".json.") && n.endsWith(".tmp");
                    })
                    .toList();
        }
    }

    private static boolean holdsSomething(Path file) {
        try {
            return Files.size(file) > 0;
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    /**
     * SIGKILL while a 20 MB chat is saved turn after turn: SQLite's write-ahead log makes each save
     * land whole or not at all, so the chat reads back with every turn that was saved, and nothing
     * else is left beside the database.
     */
    @Test
    void aChatKilledWithSigkillWhileSavingLeavesTheChatWholeAndNoCopies() throws Exception {
        bigChat("big");
        try (JollamaProcess chat =
                JollamaProcess.start(home, JollamaProcess.host(fake.url()), true, "chat", "--resume", "big")) {
            dev.jollama.core.Awaits.until(
                    "the chat to resume (a 20 MB one, on a loaded machine)", Duration.ofSeconds(90), () -> chat.out()
                            .contains("resuming big"));
            for (int typed = 0; typed < 20; typed++) {
                chat.type("more " + typed);
            }
            dev.jollama.core.Awaits.until("a few answers", () -> chat.out().contains("echo: more 3"));
            chat.close(); // SIGKILL, with turns still coming
            chat.awaitExit(BOUND);
        }

        Result shown = cli().run("sessions", "show", "big", "--json");
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        var messages = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(shown.out())
                .path("messages");
        // Every turn whose answer was shown before the last one was saved before the next was read;
        // each saved whole, with its answer.
        assertThat(messages.size()).isGreaterThanOrEqualTo(20 + 6).isEven();
        try (var files = Files.list(home.resolve("data/jollama"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith("jollama.db")))
                    .containsOnly("sessions");
        }
        assertThat(chat("hi")).isZero();
    }

    @Test
    void aLiveWritersCopyAndAFreshOneAreLeftAlone() throws Exception {
        Files.createDirectories(sessions());
        long self = ProcessHandle.current().pid(); // alive: this test
        Path live = Files.writeString(sessions().resolve(".other.json.p" + self + ".123.tmp"), "being written");
        Files.setLastModifiedTime(live, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        Path fresh = Files.writeString(sessions().resolve(".other.json.p" + deadPid() + ".456.tmp"), "just now");

        assertThat(chat("hi")).isZero();

        assertThat(live).exists();
        assertThat(fresh).exists();
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void sessionsRmLeavesNoWordOfTheChatInAnyFile() throws Exception {
        assertThat(chat("the launch code is zebra42", "/save work")).isZero();
        assertThat(chat("other", "/save other")).isZero();

        Result r = cli().run("sessions", "rm", "work");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(cli().run("sessions").out()).contains("other").doesNotContain("work");
        try (var files = Files.walk(home.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(f + " still holds the removed chat's words")
                        .doesNotContain("zebra42");
            }
        }
    }
}
