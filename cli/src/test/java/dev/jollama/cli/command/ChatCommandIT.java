package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `jollama chat` and `jollama sessions` at the shell: honest starts, and the saved chats. */
class ChatCommandIT {

    @TempDir
    Path home;

    private final FakeOllama fake = FakeOllama.start().answer(FakeOllama.Answer.ECHO);

    @AfterEach
    void stop() {
        fake.close();
    }

    private CliRunner cli() {
        return new CliRunner(home).host(fake.url());
    }

    @Test
    void aChatWithTheDaemonDownFailsAtTheShellWithExit69() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Result r = new CliRunner(home).host("http://127.0.0.1:" + port).run("chat", "llama3.2");
        assertThat(r.exitCode()).isEqualTo(69);
        assertThat(r.err()).startsWith("jollama: Ollama is not reachable at http://127.0.0.1:" + port);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aChatWithAModelTheDaemonLacksFailsAtTheShellWithExit3() {
        Result r = cli().run("chat", "nosuch:model");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("jollama: model 'nosuch:model' not found: run `jollama pull nosuch:model`\n");
        assertThat(home.resolve("data/jollama/sessions")).doesNotExist();
    }

    @Test
    void resumingAChatThatDoesNotExistSaysHowToListThem() {
        Result r = cli().run("chat", "--resume", "nosuch");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains("no saved chat 'nosuch'")
                .contains("`jollama sessions` lists them")
                .doesNotContain("(see /sessions)");
    }

    @Test
    void sessionsListsShowsAndRemovesSavedChatsMovedInFromAnEarlierJollamasFiles() throws IOException {
        Path dir = home.resolve("data/jollama/sessions");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("work.json"),
                """
                {"name":"work","model":"llama3.2","created":"2025-05-11T15:00:00Z","updated":"%s",
                 "messages":[{"role":"user","content":"hello","at":"2025-05-11T15:00:00Z"},
                             {"role":"assistant","content":"hi there","at":"2025-05-11T15:00:01Z"},
                             {"role":"user","content":"lost one","at":"2025-05-11T15:00:02Z","failed":true}]}
                """
                        .formatted(CliRunner.now().minusSeconds(60)));
        Files.writeString(dir.resolve("broken.json"), "{\"name\": ");

        Result list = cli().run("sessions");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out())
                .contains("NAME")
                .contains("work")
                .contains("llama3.2")
                .contains("3")
                .contains("1 minute ago")
                .doesNotContain("broken");
        assertThat(list.err())
                .contains("not imported: session file " + dir.resolve("broken.json") + " is damaged")
                .contains("moved 1 saved chat from " + dir + " into the database");
        assertThat(dir.resolve("work.json")).doesNotExist();
        assertThat(dir.resolve("broken.json")).hasContent("{\"name\": ");

        Result show = cli().run("sessions", "show", "work");
        assertThat(show.out())
                .contains(">>> hello")
                .contains("hi there")
                .contains(">>> lost one (its answer failed: not sent as context)");

        Result json = cli().run("sessions", "--json");
        JsonNode all = new ObjectMapper().readTree(json.out());
        assertThat(all).hasSize(1);
        assertThat(all.get(0).path("name").asText()).isEqualTo("work");
        assertThat(all.get(0).path("messages").asInt()).isEqualTo(3);

        Result rm = cli().run("sessions", "rm", "work");
        assertThat(rm.exitCode()).isZero();
        assertThat(dev.jollama.cli.SavedChatsIn.home(home).names()).isEmpty();
        assertThat(cli().run("sessions", "rm", "work").exitCode()).isEqualTo(2);
    }
}
