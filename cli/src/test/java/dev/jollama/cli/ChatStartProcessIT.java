package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeRegistry;
import dev.jollama.core.fake.GgufWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `jollama chat` takes what `run` takes at its start (-s, -o, --think, --keep-alive), and decides a
 * download exactly as `jollama pull` does: real processes fed through a pipe.
 */
class ChatStartProcessIT {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private final FakeOllama fake = FakeOllama.start().answer(FakeOllama.Answer.ECHO);
    // 2 TB of weights: beyond any machine that runs this test.
    private final FakeRegistry registry = FakeRegistry.start()
            .model(
                    "library/giant:2t",
                    GgufWriter.llamaLike("llama", 128, 16384, 128, 8L, 53248, 128256, 12)
                            .bytes(),
                    2_000_000_000_000L,
                    "llama",
                    "3.5T",
                    "Q4_K_M");

    @AfterEach
    void stop() {
        fake.close();
        registry.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(JollamaProcess.host(fake.url()));
        env.put("JOLLAMA_REGISTRY", registry.url());
        return env;
    }

    private JsonNode lastChat() {
        List<FakeOllama.Recorded> calls = fake.requests("/api/chat");
        assertThat(calls).as("chat requests").isNotEmpty();
        return calls.get(calls.size() - 1).json();
    }

    @Test
    void theSystemPromptAndOptionsGivenAtTheStartAreSent() throws Exception {
        try (JollamaProcess chat = JollamaProcess.start(
                home,
                env(),
                true,
                "chat",
                "-s",
                "be brief",
                "-o",
                "temperature=0.1",
                "--keep-alive",
                "7m",
                "--no-think",
                "llama3.2")) {
            chat.type("hi");
            chat.closeStdin();
            assertThat(chat.awaitExit(BOUND)).as(chat.err()).isZero();
            assertThat(chat.out()).contains("echo: hi");
        }
        JsonNode body = lastChat();
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("be brief");
        assertThat(body.path("options").path("temperature").asDouble()).isEqualTo(0.1);
        assertThat(body.path("keep_alive").asText()).isEqualTo("7m");
        assertThat(body.path("think").asBoolean(true)).isFalse();
    }

    @Test
    void aBadOptionAtTheStartIsAUsageErrorBeforeTheChatOpens() throws Exception {
        try (JollamaProcess chat =
                JollamaProcess.start(home, env(), true, "chat", "-o", "temperature=warm", "llama3.2")) {
            chat.closeStdin();
            assertThat(chat.awaitExit(BOUND)).isEqualTo(2);
            assertThat(chat.err()).startsWith("jollama: ").contains("temperature");
        }
        assertThat(fake.requests("/api/chat")).isEmpty();
    }

    @Test
    void pullInAPipedChatRefusesAModelThatWillNotFitAndDownloadsNothing() throws Exception {
        try (JollamaProcess chat = JollamaProcess.start(home, env(), true, "chat", "llama3.2")) {
            chat.type("/pull giant:2t");
            chat.closeStdin();
            chat.awaitExit(BOUND);
            assertThat(chat.err())
                    .contains("model giant:2t will not fit this machine: needs ")
                    .contains("`/pull --force giant:2t` downloads it anyway");
        }
        assertThat(fake.requests("/api/pull")).isEmpty();
    }

    @Test
    void pullWithForceInAChatDownloadsWhateverTheCheckSays() throws Exception {
        try (JollamaProcess chat = JollamaProcess.start(home, env(), true, "chat", "llama3.2")) {
            chat.type("/pull --force giant:2t");
            chat.closeStdin();
            assertThat(chat.awaitExit(BOUND)).as(chat.err()).isZero();
        }
        assertThat(fake.requests("/api/pull")).hasSize(1);
    }

    @Test
    void toolsCanBeTurnedOffInTheChatAndARefusedCallInAPipedChatIsExit6() throws Exception {
        fake.capabilities("llama3.2", "completion", "tools")
                .toolCalls(FakeOllama.Call.of("read_file", "{\"path\":\"notes.txt\"}"));
        try (JollamaProcess chat =
                JollamaProcess.start(home, env(), true, "chat", "-T", "read_file", "-T", "shell", "llama3.2")) {
            chat.type("/tools off shell");
            chat.type("/tools");
            chat.type("/tools sideways shell");
            chat.type("read it");
            chat.closeStdin();
            assertThat(chat.awaitExit(BOUND)).isEqualTo(6);
            assertThat(chat.out()).contains("shell off").contains("off  shell").contains("on   read_file");
            assertThat(chat.err())
                    .contains("/tools takes on|off NAME, not 'sideways'")
                    .contains("--allow read_file lets it run");
        }
        // shell was not offered once it was off.
        JsonNode offered = lastChat().path("tools");
        assertThat(offered.size()).isEqualTo(1);
        assertThat(offered.get(0).path("function").path("name").asText()).isEqualTo("read_file");
    }

    @Test
    void thinkOnAModelThatCannotThinkIsRefusedBeforeAnyRequestAndALevelIsKept() throws Exception {
        fake.capabilities("llama3.2", "completion", "vision").capabilities("qwen3", "completion", "thinking");
        try (JollamaProcess chat = JollamaProcess.start(home, env(), true, "chat", "llama3.2")) {
            chat.type("/think on");
            chat.type("hi");
            chat.closeStdin();
            chat.awaitExit(BOUND);
            assertThat(chat.err()).contains("model llama3.2 cannot think (its capabilities: completion, vision)");
        }
        assertThat(lastChat().has("think")).isFalse();

        try (JollamaProcess chat = JollamaProcess.start(home, env(), true, "chat", "qwen3")) {
            chat.type("/think high");
            chat.type("hi");
            chat.closeStdin();
            assertThat(chat.awaitExit(BOUND)).as(chat.err()).isZero();
            assertThat(chat.out()).contains("thinking high");
        }
        assertThat(lastChat().path("think").asText()).isEqualTo("high");
    }
}
