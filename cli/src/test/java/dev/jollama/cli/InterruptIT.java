package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.Awaits;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) and SIGTERM on a real jollama process, in each phase of a request, against a daemon
 * that goes silent with the connection open — the case where closing a JDK stream used to wait for the
 * blocked reader, for the whole five-minute first-byte timeout.
 */
class InterruptIT {

    /** Far below every timeout left running (first byte 5 min, idle 2 min), far above a cancel's cost. */
    private static final Duration BOUND = Duration.ofSeconds(5);

    @TempDir
    Path home;

    @Test
    void ctrlCOnAStalledStreamExits130KeepsThePrintedTextAndTheDaemonSeesTheHangUp() throws Exception {
        try (FakeOllama fake = FakeOllama.start().answer(Answer.STALL);
                JollamaProcess jollama =
                        JollamaProcess.start(home, JollamaProcess.host(fake.url()), "run", "llama3.2", "alpha")) {
            jollama.awaitOut("echo: alpha");

            jollama.signal("INT");

            assertThat(jollama.awaitExit(BOUND)).isEqualTo(130);
            assertThat(fake.awaitDisconnect(BOUND.toMillis()))
                    .as("the daemon saw the hang-up")
                    .isTrue();
            assertThat(jollama.out()).isEqualTo("echo: alpha\n"); // the partial answer, ended by a newline
            assertThat(jollama.err()).doesNotContain("Exception");
        }
    }

    @Test
    void ctrlCWhileTheDaemonIsSilentBeforeItsHeadersExits130() throws Exception {
        try (FakeOllama fake = FakeOllama.start().answer(Answer.SILENT_BEFORE_HEADERS);
                JollamaProcess jollama =
                        JollamaProcess.start(home, JollamaProcess.host(fake.url()), "run", "llama3.2", "hi")) {
            Awaits.until("the request reached the daemon", () -> !fake.requests("/api/chat")
                    .isEmpty());

            jollama.signal("INT");

            assertThat(jollama.awaitExit(BOUND)).isEqualTo(130);
            assertThat(fake.awaitDisconnect(BOUND.toMillis()))
                    .as("the daemon saw the hang-up")
                    .isTrue();
            assertThat(jollama.out()).isEmpty();
        }
    }

    @Test
    void ctrlCWhileAnEmbedBatchIsPendingExits130AndTheDaemonSeesTheHangUp() throws Exception {
        try (FakeOllama fake = FakeOllama.start()
                        .capabilities("all-minilm", "embedding")
                        .answer(Answer.SILENT_BEFORE_HEADERS);
                JollamaProcess jollama =
                        JollamaProcess.start(home, JollamaProcess.host(fake.url()), "embed", "all-minilm", "hi")) {
            Awaits.until("the request reached the daemon", () -> !fake.requests("/api/embed")
                    .isEmpty());

            jollama.signal("INT");

            assertThat(jollama.awaitExit(BOUND)).isEqualTo(130);
            assertThat(fake.awaitDisconnect(BOUND.toMillis()))
                    .as("the daemon saw the hang-up")
                    .isTrue();
            assertThat(jollama.out()).isEmpty();
            assertThat(jollama.err()).doesNotContain("Exception");
        }
    }

    @Test
    void sigtermOnAStalledStreamEndsAsFastAndTheDaemonSeesTheHangUp() throws Exception {
        try (FakeOllama fake = FakeOllama.start().answer(Answer.STALL);
                JollamaProcess jollama =
                        JollamaProcess.start(home, JollamaProcess.host(fake.url()), "run", "llama3.2", "alpha")) {
            jollama.awaitOut("echo: alpha");

            jollama.signal("TERM");

            assertThat(jollama.awaitExit(BOUND)).isEqualTo(143);
            assertThat(fake.awaitDisconnect(BOUND.toMillis())).isTrue();
            assertThat(jollama.out()).isEqualTo("echo: alpha\n");
        }
    }

    @Test
    void sigtermWhileTheDaemonIsSilentBeforeItsHeadersEndsAsFast() throws Exception {
        try (FakeOllama fake = FakeOllama.start().answer(Answer.SILENT_BEFORE_HEADERS);
                JollamaProcess jollama =
                        JollamaProcess.start(home, JollamaProcess.host(fake.url()), "run", "llama3.2", "hi")) {
            Awaits.until("the request reached the daemon", () -> !fake.requests("/api/chat")
                    .isEmpty());

            jollama.signal("TERM");

            assertThat(jollama.awaitExit(BOUND)).isEqualTo(143);
            assertThat(fake.awaitDisconnect(BOUND.toMillis())).isTrue();
        }
    }

    @Test
    void ctrlCDuringAPullStopsTheDownload() throws Exception {
        try (FakeOllama fake = FakeOllama.start().answer(Answer.STALL);
                JollamaProcess jollama =
                        JollamaProcess.start(home, JollamaProcess.host(fake.url()), "pull", "stalling-model")) {
            Awaits.until("the pull reached the daemon", () -> !fake.requests("/api/pull")
                    .isEmpty());

            jollama.signal("INT");

            assertThat(jollama.awaitExit(BOUND)).isEqualTo(130);
            assertThat(fake.awaitDisconnect(BOUND.toMillis())).isTrue();
        }
    }

    @Test
    void aConfiguredIdleTimeoutEndsAStalledRunNamingItself() throws Exception {
        Path config = home.resolve("config/jollama/config.json");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "{\"timeouts\":{\"idle\":\"2s\"}}");
        try (FakeOllama fake = FakeOllama.start().answer(Answer.STALL);
                JollamaProcess jollama =
                        JollamaProcess.start(home, JollamaProcess.host(fake.url()), "run", "llama3.2", "alpha")) {
            int code = jollama.awaitExit(Duration.ofSeconds(2).plus(BOUND));

            assertThat(code).isEqualTo(1);
            assertThat(jollama.out()).isEqualTo("echo: alpha\n");
            assertThat(jollama.err())
                    .contains("sent nothing for 2s (idle timeout")
                    .doesNotContain("first-byte");
            assertThat(fake.awaitDisconnect(BOUND.toMillis())).isTrue();
        }
    }

    @Test
    void oneCtrlCStopsAShellLoopThatRunsJollama() throws Exception {
        try (FakeOllama fake = FakeOllama.start().answer(Answer.STALL)) {
            StringBuilder jollama = new StringBuilder();
            for (String word : JollamaProcess.launcher(List.of())) {
                jollama.append(JollamaProcess.quote(word)).append(' ');
            }
            String loop = "for i in 1 2 3; do " + jollama + "run llama3.2 \"hi $i\";"
                    + " echo \"rc=$?\"; done; echo loop-done";
            // setsid: the loop gets its own process group, which Ctrl-C signals as a whole.
            ProcessBuilder pb = new ProcessBuilder("env", "--default-signal=INT,TERM", "setsid", "bash", "-c", loop);
            pb.environment().put("OLLAMA_HOST", fake.url());
            pb.environment().put("HOME", home.toString());
            pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
            pb.redirectErrorStream(true);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))); // or run reads stdin
            pb.redirectOutput(home.resolve("loop.txt").toFile());
            Process shell = pb.start();
            try {
                Awaits.until("the first run's partial answer", () -> read(home.resolve("loop.txt"))
                        .contains("echo: hi 1"));
            } catch (AssertionError e) {
                throw new AssertionError(
                        e.getMessage() + "; the loop printed: " + read(home.resolve("loop.txt"))
                                + (shell.isAlive() ? " (running)" : " (exit " + shell.exitValue() + ")"),
                        e);
            }

            new ProcessBuilder("kill", "-INT", "--", "-" + shell.pid()).start().waitFor();

            assertThat(shell.waitFor(BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                    .as("the loop ended")
                    .isTrue();
            String out = read(home.resolve("loop.txt"));
            assertThat(out).contains("echo: hi 1").doesNotContain("hi 2").doesNotContain("loop-done");
            assertThat(shell.exitValue()).isEqualTo(130);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void ctrlCOnABatchLetsTheItemsInFlightFinishWritesWholeLinesAndDiesOfTheSignal() throws Exception {
        Path in = home.resolve("in.jsonl");
        java.nio.file.Files.writeString(
                in,
                java.util.stream.IntStream.rangeClosed(1, 50)
                        .mapToObj(i -> "prompt " + i)
                        .collect(java.util.stream.Collectors.joining("\n")));
        Path out = home.resolve("out.jsonl");
        try (FakeOllama fake = FakeOllama.start().slots(2, 400);
                JollamaProcess jollama = JollamaProcess.start(
                        home,
                        JollamaProcess.host(fake.url()),
                        "batch",
                        "llama3.2",
                        in.toString(),
                        "-j",
                        "2",
                        "-o",
                        out.toString())) {
            Awaits.until(
                    "two items in flight", () -> fake.requests("/api/generate").size() >= 2);

            jollama.signal("INT");

            assertThat(jollama.awaitExit(BOUND)).isEqualTo(130);
            assertThat(jollama.err())
                    .contains("stopping: no more items are sent")
                    .contains("batch stopped");
            java.util.List<String> lines = java.nio.file.Files.readAllLines(out);
            assertThat(lines).isNotEmpty().hasSizeLessThan(50);
            assertThat(lines)
                    .allSatisfy(l -> assertThat(l).startsWith("{\"id\":").endsWith("}"));
            assertThat(fake.requests("/api/generate")).hasSize(lines.size());
        }
    }

    @Test
    void sigtermOnABatchCancelsWhatIsInFlightAndExits143() throws Exception {
        Path in = home.resolve("in.jsonl");
        java.nio.file.Files.writeString(in, "one\ntwo\nthree\n");
        try (FakeOllama fake = FakeOllama.start().answer(Answer.STALL);
                JollamaProcess jollama = JollamaProcess.start(
                        home, JollamaProcess.host(fake.url()), "batch", "llama3.2", in.toString())) {
            Awaits.until("the items reached the daemon", () -> !fake.requests("/api/generate")
                    .isEmpty());

            jollama.signal("TERM");

            assertThat(jollama.awaitExit(BOUND)).isEqualTo(143);
            assertThat(fake.awaitDisconnect(BOUND.toMillis())).isTrue();
            assertThat(jollama.out()).isEmpty();
        }
    }
}
