package dev.jollama.core.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A record names its process only while the pid and the start time both still match. */
class DaemonRecordTest {

    @TempDir
    Path dir;

    private final ProcessHandle self = ProcessHandle.current();
    private final Instant selfStarted = self.info().startInstant().orElseThrow();

    @Test
    void aRecordWithThePidAndItsStartTimeIsThatProcess() throws Exception {
        DaemonRecord record = new DaemonRecord(self.pid(), selfStarted, "http://127.0.0.1:11434", dir.resolve("l"));
        record.write(dir.resolve("ollama.pid"));

        DaemonRecord read = DaemonRecord.read(dir.resolve("ollama.pid")).orElseThrow();

        assertThat(read).isEqualTo(record);
        assertThat(read.process()).contains(self);
    }

    @Test
    void aReusedPidWithAnotherStartTimeOrNoneIsNotThatProcess() {
        assertThat(new DaemonRecord(self.pid(), selfStarted.minusSeconds(3600), "h", dir).process())
                .isEmpty();
        assertThat(new DaemonRecord(self.pid(), null, "h", dir).process()).isEmpty();
    }

    @Test
    void aRecordThatCannotBeReadIsNoRecord() throws Exception {
        Path file = dir.resolve("ollama.pid");
        assertThat(DaemonRecord.read(file)).isEmpty();
        Files.writeString(file, "12");
        assertThat(DaemonRecord.read(file)).isEmpty();
        Files.writeString(file, "{\"pid\": \"12\"}");
        assertThat(DaemonRecord.read(file)).isEmpty();
        Files.writeString(file, "{\"pid\": 12, \"started\": \"yesterday\"}");
        assertThat(DaemonRecord.read(file)).isEmpty();
    }
}
