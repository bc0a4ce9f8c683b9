package dev.jollama.cli.command;

import static dev.jollama.cli.CommandResultAssert.assertThat;

import dev.jollama.cli.CliRunner;
import dev.jollama.core.fake.FakeOllama;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `jollama __complete`: what the completion scripts ask at each Tab, and its silence when it cannot say. */
class CompletionValuesIT {

    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner(home);
    }

    @Test
    void listsBuiltInAndUserProfiles() throws Exception {
        cli().writeConfig("{\"profiles\": {\"coder\": {\"model\": \"qwen2.5-coder\"}}}");
        assertThat(cli().run("__complete", "profiles")).succeeded().outEquals("phi3-mini\nllama3-8b\ncoder\n");
    }

    @Test
    void listsInstalledModelsFromTheDaemon() {
        try (FakeOllama fake = FakeOllama.start()) {
            assertThat(cli().host(fake.url()).run("__complete", "models"))
                    .succeeded()
                    .outEquals("deepseek-r1:latest\nllama3.2:latest\n");
        }
    }

    @Test
    void listsSeveralKindsInTheOrderAsked() {
        try (FakeOllama fake = FakeOllama.start()) {
            assertThat(cli().host(fake.url()).run("__complete", "models", "profiles"))
                    .succeeded()
                    .outEquals("deepseek-r1:latest\nllama3.2:latest\nphi3-mini\nllama3-8b\n");
        }
    }

    @Test
    void listsSavedChats() throws Exception {
        Path dir = home.resolve("data/jollama/sessions");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("work.json"),
                "{\"name\":\"work\",\"model\":\"llama3.2\",\"created\":\"2025-05-11T15:00:00Z\","
                        + "\"updated\":\"2025-05-11T15:05:48Z\",\"messages\":[]}");
        assertThat(cli().run("__complete", "sessions")).succeeded().outEquals("work\n");
    }

    @Test
    void saysNothingAndSucceedsWhenTheDaemonIsDown() throws Exception {
        assertThat(cli().host("127.0.0.1:" + freePort()).run("__complete", "models", "sessions"))
                .succeeded()
                .outEquals("");
    }

    @Test
    void givesUpOnADaemonThatAcceptsAndNeverAnswers() throws Exception {
        // The kernel accepts the connection (backlog); nobody ever reads or writes.
        try (ServerSocket silent = new ServerSocket(0)) {
            assertThat(cli().host("127.0.0.1:" + silent.getLocalPort()).run("__complete", "models"))
                    .succeeded()
                    .outEquals("");
        }
    }

    @Test
    void aBrokenConfigGivesNoProfilesAndNoError() throws Exception {
        cli().writeConfig("{\"profiles\": ");
        assertThat(cli().run("__complete", "profiles")).succeeded().outEquals("");
    }

    @Test
    void anUnknownKindGivesNothing() {
        assertThat(cli().run("__complete", "planets")).succeeded().outEquals("");
    }

    @Test
    void isHiddenFromHelp() {
        org.assertj.core.api.Assertions.assertThat(cli().run("--help").out())
                .contains("completion")
                .doesNotContain("__complete");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
