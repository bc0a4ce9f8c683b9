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

    /**
     * A Tab must not read every saved chat: with a thousand large ones that took 3 s. Here two chats of
     * 30 MB each and a 24 MiB heap: reading them would run out of memory, their names alone do not.
     */
    @Test
    void listsSavedChatsFromTheirFileNamesWithoutReadingThem() throws Exception {
        Path dir = home.resolve("data/jollama/sessions");
        Files.createDirectories(dir);
        StringBuilder messages = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            messages.append(i == 0 ? "" : ",")
                    .append("{\"role\":\"user\",\"content\":\"")
                    .append("words ".repeat(170_000))
                    .append("\",\"at\":\"2025-05-11T15:00:00Z\"}");
        }
        for (String name : java.util.List.of("older", "newer")) {
            Files.writeString(
                    dir.resolve(name + ".json"),
                    "{\"name\":\"" + name + "\",\"model\":\"llama3.2\",\"messages\":[" + messages + "]}");
        }
        Files.setLastModifiedTime(
                dir.resolve("older.json"), java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
        // A native image takes -Xmx as its first arguments, as the JVM does before the class.
        java.util.List<String> command = new java.util.ArrayList<>(CliRunner.launcher()
                .map(binary -> java.util.List.of(binary, "-Xmx24m"))
                .orElse(java.util.List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx24m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.jollama.cli.Main")));
        command.addAll(java.util.List.of("__complete", "sessions"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
        pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        Process p = pb.start();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        org.assertj.core.api.Assertions.assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        org.assertj.core.api.Assertions.assertThat(p.exitValue()).as(output).isZero();
        org.assertj.core.api.Assertions.assertThat(output).isEqualTo("newer\nolder\n");
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
