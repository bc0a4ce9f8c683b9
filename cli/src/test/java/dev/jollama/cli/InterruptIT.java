package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeOllama.Answer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a real jollama process: SIGINT, as a terminal sends it. */
class InterruptIT {

    @TempDir
    Path home;

    @Test
    void ctrlCStopsTheDaemonKeepsThePrintedTextAndExits130() throws Exception {
        try (FakeOllama fake = FakeOllama.start().answer(Answer.SLOW_STREAM)) {
            ProcessBuilder pb = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.jollama.cli.Main",
                    "run",
                    "llama3.2",
                    "hi");
            pb.environment().put("OLLAMA_HOST", fake.url());
            pb.environment().put("HOME", home.toString());
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.redirectError(home.resolve("stderr").toFile());
            Process process = pb.start();
            InputStream out = process.getInputStream();
            byte[] first = new byte[3];
            int read = 0;
            while (read < 3) {
                int n = out.read(first, read, 3 - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("The");

            new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .start()
                    .waitFor();

            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(130);
            assertThat(fake.awaitDisconnect(5000))
                    .as("the daemon saw the connection closed")
                    .isTrue();
            assertThat(java.nio.file.Files.readString(home.resolve("stderr"))).doesNotContain("Exception");
        }
    }
}
