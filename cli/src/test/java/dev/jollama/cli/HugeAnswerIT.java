package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An answer that does not end, streamed to a real jollama whose heap is a fraction of it: every byte is
 * printed, only the start is kept (JOLLAMA_MAX_ANSWER, 4 MiB), and the process ends well. Before, `run`
 * held the whole answer and died of OutOfMemoryError with a stack trace.
 */
class HugeAnswerIT {

    /** Far more than the heap: held whole, as UTF-16, the answer would need ten times -Xmx. */
    private static final long ANSWER = 300L * 1024 * 1024;

    /** Still more than the heap, for the tests that stream two answers or keep thinking. */
    private static final long LARGE = 100L * 1024 * 1024;

    private static final List<String> SMALL_HEAP = List.of("-Xmx64m", "-XX:+UseSerialGC");

    /** A bound for a machine under load, not a measure of speed: the run takes seconds. */
    private static final Duration BOUND = Duration.ofMinutes(5);

    @TempDir
    Path home;

    @Test
    void aStreamedAnswerFiveTimesTheHeapIsPrintedByteForByteAndRunExits0() throws Exception {
        try (FakeOllama fake = FakeOllama.start().answer(Answer.HUGE).huge(ANSWER);
                JollamaProcess jollama = JollamaProcess.counting(
                        home, JollamaProcess.host(fake.url()), SMALL_HEAP, null, "run", "llama3.2", "go on")) {
            int code = jollama.awaitExit(BOUND);
            jollama.awaitOutEnd(BOUND);

            assertThat(code).as("exit code; stderr: %s", jollama.err()).isZero();
            Expected expected = expected(ANSWER);
            assertThat(jollama.outBytes()).isEqualTo(expected.bytes());
            assertThat(jollama.outCrc()).as("the bytes themselves").isEqualTo(expected.crc());
            // Nothing lost for `run`: printed whole, nothing else uses the answer; a quiet stderr.
            assertThat(jollama.err()).isEmpty();
        }
    }

    @Test
    void aChatFedByAScriptShowsAHugeAnswerWholeKeepsItsStartAndSaysSoOnce() throws Exception {
        // Without compaction (a summary of 4 MiB is not what this measures).
        java.nio.file.Files.createDirectories(home.resolve("config/jollama"));
        java.nio.file.Files.writeString(home.resolve("config/jollama/config.json"), "{\"compact\": \"off\"}\n");
        try (FakeOllama fake =
                        FakeOllama.start().answer(Answer.HUGE).huge(LARGE).hugeAnswers(1);
                JollamaProcess jollama = JollamaProcess.counting(
                        home, JollamaProcess.host(fake.url()), SMALL_HEAP, "go on\nand then?\n", "chat", "llama3.2")) {
            int code = jollama.awaitExit(BOUND);
            jollama.awaitOutEnd(BOUND);

            assertThat(code).as("exit code; stderr: %s", jollama.err()).isZero();
            // The transcript: the whole answer, then "echo: and then?".
            assertThat(jollama.outBytes()).isGreaterThan(expected(LARGE).bytes());
            String warning = "jollama: warning: the answer is longer than 4 MiB: shown in full, but the chat keeps"
                    + " only its first 4 MiB (JOLLAMA_MAX_ANSWER raises the limit)\n";
            assertThat(jollama.err()).startsWith(warning); // (then that older turns no longer fit the context)
            assertThat(jollama.err().split("longer than 4 MiB", -1)).hasSize(2); // once
            // The chat kept the answer's start, 4 MiB, not 100: the saved chat holds that much (the
            // context then leaves it out: it no longer fits the model's 4096 tokens).
            SavedChatsIn chats = SavedChatsIn.home(home);
            long saved = chats.names().stream()
                    .mapToLong(n -> chats.chat(n).toString().length())
                    .sum();
            assertThat(saved).isBetween(4_000_000L, 4_700_000L);
        }
    }

    @Test
    void hugeThinkingIsKeptOnlyAtItsStartAndTheAnswerStillComes() throws Exception {
        try (FakeOllama fake = FakeOllama.start()
                        .answer(Answer.HUGE)
                        .huge(LARGE)
                        .capabilities("llama3.2", "completion", "thinking");
                JollamaProcess jollama = JollamaProcess.counting(
                        home,
                        JollamaProcess.host(fake.url()),
                        SMALL_HEAP,
                        null,
                        "run",
                        "llama3.2",
                        "--think",
                        "--hide-thinking",
                        "go on")) {
            int code = jollama.awaitExit(BOUND);
            jollama.awaitOutEnd(BOUND);

            assertThat(code).as("exit code; stderr: %s", jollama.err()).isZero();
            assertThat(jollama.outBytes()).isEqualTo("done.\n".length());
            assertThat(jollama.err()).isEmpty();
        }
    }

    private record Expected(long bytes, long crc) {}

    /** What the fake sends, as stdout shows it: whole chunks, the last newline the one jollama ends with. */
    private static Expected expected(long size) {
        byte[] chunk = FakeOllama.HUGE_CHUNK.getBytes(StandardCharsets.UTF_8);
        long chunks = size / chunk.length;
        CRC32 crc = new CRC32();
        for (long i = 0; i < chunks; i++) {
            crc.update(chunk);
        }
        return new Expected(chunks * chunk.length, crc.getValue());
    }
}
