package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.Awaits;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Call;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C during a tool, as it happens: a real jollama, a real SIGINT, a real process group. */
class ToolInterruptIT {

    @TempDir
    Path home;

    @TempDir
    Path workspace;

    private final FakeOllama fake = FakeOllama.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void ctrlCDuringAShellCallKillsItsWholeProcessGroupAndExits130() throws Exception {
        Path pidFile = workspace.resolve("sleep.pid");
        // The command's child (the sleep) is what must die with it: the group, not just bash.
        fake.capabilities("llama3.2", "completion", "tools")
                .toolCalls(Call.of("shell", "{\"command\":\"sleep 100 & echo $! > sleep.pid; wait\"}"));
        long sleepPid;
        try (JollamaProcess jollama = JollamaProcess.start(
                home,
                Map.of("OLLAMA_HOST", fake.url()),
                "run",
                "-T",
                "shell",
                "--allow",
                "shell",
                "--workspace",
                workspace.toString(),
                "llama3.2",
                "sleep a while")) {
            Awaits.until("the shell call to start its sleep", () -> Files.exists(pidFile) && size(pidFile) > 0);
            sleepPid = Long.parseLong(Files.readString(pidFile).strip());
            assertThat(ProcessHandle.of(sleepPid).map(ProcessHandle::isAlive)).contains(true);

            jollama.signal("INT");

            assertThat(jollama.awaitExit(Duration.ofSeconds(10))).isEqualTo(130);
        }
        Awaits.until("the sleep of the cancelled shell call to be gone", Duration.ofSeconds(10), () -> ProcessHandle.of(
                        sleepPid)
                .map(ProcessHandle::isAlive)
                .orElse(false)
                .equals(false));
        assertThat(fake.requests("/api/chat")).hasSize(1); // nothing was sent after the cancel
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
