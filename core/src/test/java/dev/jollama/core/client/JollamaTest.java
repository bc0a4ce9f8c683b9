package dev.jollama.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.daemon.InstalledModel;
import dev.jollama.core.error.UnsupportedByEngineException;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.resilience.ResilienceSettings;
import dev.jollama.core.settings.Setting;
import dev.jollama.core.settings.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jollama as a library: settings in, a working client out, with no terminal and no Picocli. */
class JollamaTest {

    @TempDir
    Path home;

    private final FakeOllama fake = FakeOllama.start();
    private final List<String> diagnostics = new ArrayList<>();

    @AfterEach
    void stop() {
        fake.close();
    }

    private Jollama client(Map<Setting, String> flags, String... env) {
        Map<String, String> variables = new HashMap<>();
        variables.put("HOME", home.toString());
        for (int i = 0; i < env.length; i += 2) {
            variables.put(env[i], env[i + 1]);
        }
        return new Jollama(Settings.of(flags, variables, false), Clock.systemUTC(), diagnostics::add);
    }

    @Test
    void theHostOfTheSettingsAnswersWithTheKeyOfTheSettings() {
        Jollama client = client(Map.of(Setting.HOST, fake.url()), "OLLAMA_API_KEY", "sk-1");

        List<InstalledModel> models = client.daemon().listModels();

        assertThat(models).extracting(InstalledModel::name).contains("llama3.2:latest");
        assertThat(fake.requests("/api/tags").get(0).header("Authorization")).isEqualTo("Bearer sk-1");
        assertThat(diagnostics).isEmpty(); // loopback: no plain-http warning
    }

    @Test
    void withSeveralHostsEachHostTriesOncePerRound() {
        ResilienceSettings three = ResilienceSettings.DEFAULT;
        assertThat(Jollama.perHost(three, 1).maxAttempts()).isEqualTo(three.maxAttempts());
        assertThat(Jollama.perHost(three, 2).maxAttempts()).isEqualTo(1);

        Jollama client = client(Map.of(), "JOLLAMA_HOSTS", fake.url() + "," + fake.url());
        assertThat(client.pool().hosts()).hasSize(2);
        assertThat(client.daemon().listModels()).isNotEmpty();
    }

    @Test
    void aHostWhoseKeyVariableIsUnsetIsNamedOnceAndSentNoKey() throws Exception {
        Path config = home.resolve("config.json");
        java.nio.file.Files.writeString(
                config,
                "{\"hosts\": [{\"url\": \"" + fake.url() + "\", \"name\": \"box\", \"apiKeyEnv\": \"BOX_KEY\"}]}");
        Jollama client = client(Map.of(Setting.CONFIG, config.toString()), "OLLAMA_API_KEY", "not-for-box");

        client.daemon().version();

        assertThat(diagnostics).containsExactly("warning: host 'box' takes its key from BOX_KEY, which is not set");
        assertThat(fake.requests("/api/version").get(0).header("Authorization")).isNull();
    }

    @Test
    void anotherMachineOverPlainHttpIsWarnedAbout() {
        Jollama client = client(Map.of(Setting.HOST, "http://192.0.2.1:11434"));

        client.pool();

        assertThat(diagnostics)
                .singleElement()
                .asString()
                .startsWith("warning: http://192.0.2.1:11434 is another machine over plain http");
    }

    @Test
    void anOllamaOnlyCommandIsRefusedWhenNoHostSpeaksOllama() {
        Jollama client = client(Map.of(Setting.HOST, fake.url() + "/v1", Setting.API, "openai"));

        assertThatThrownBy(() -> client.requireOllama("`show`")).isInstanceOf(UnsupportedByEngineException.class);
    }

    @Test
    void completionNamesTheModelsWithinItsBound() throws Exception {
        Jollama client = client(Map.of(Setting.HOST, fake.url()));

        assertThat(client.modelNamesWithin(Duration.ofSeconds(2))).contains("llama3.2:latest");
    }

    @Test
    void sessionsLiveInTheDatabaseUnderTheDataFolderAndTheOldFilesMoveInAtTheFirstUse() throws Exception {
        Jollama client = client(Map.of(), "XDG_DATA_HOME", home.resolve("data").toString());
        java.nio.file.Path old = home.resolve("data/jollama/sessions");
        java.nio.file.Files.createDirectories(old);
        java.nio.file.Files.writeString(
                old.resolve("work.json"),
                "{\"name\":\"work\",\"model\":\"phi3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(client.sessions().location()).isEqualTo(home.resolve("data/jollama/jollama.db"));
        assertThat(old.resolve("work.json")).exists(); // nothing opened, nothing moved yet
        assertThat(client.sessions().names()).containsExactly("work");
        assertThat(client.sessions().load("work").messages().get(0).content()).isEqualTo("hi");
        assertThat(old.resolve("work.json")).doesNotExist();
        client.close();
    }

    @Test
    void theKeyIsNotSentInClearToAnotherMachineUnlessInsecureIsGiven() {
        Jollama refused = client(Map.of(Setting.HOST, "http://192.0.2.1:11434"), "OLLAMA_API_KEY", "sk-1");
        assertThatThrownBy(refused::pool)
                .isInstanceOf(dev.jollama.core.error.InvalidInputException.class)
                .hasMessage("the API key in OLLAMA_API_KEY is not sent to http://192.0.2.1:11434: plain http to another"
                        + " machine, where anyone on the way could read it; use https://, unset OLLAMA_API_KEY, or pass"
                        + " --insecure to send it anyway");

        Jollama insecure = client(
                Map.of(Setting.HOST, "http://192.0.2.1:11434", Setting.INSECURE, "on"), "OLLAMA_API_KEY", "sk-1");
        insecure.pool();
        assertThat(diagnostics)
                .singleElement()
                .asString()
                .contains("prompts, answers and the API key travel unencrypted");
    }

    @Test
    void aKeyOverHttpsOrToThisMachineNeedsNoInsecure() {
        client(Map.of(Setting.HOST, "https://192.0.2.1"), "OLLAMA_API_KEY", "sk-1")
                .pool();
        Jollama local = client(Map.of(Setting.HOST, fake.url()), "OLLAMA_API_KEY", "sk-1");
        local.daemon().version();
        assertThat(fake.requests("/api/version").get(0).header("Authorization")).isEqualTo("Bearer sk-1");
        assertThat(diagnostics).isEmpty();
    }

    @Test
    void theHeadersOfTheEnvironmentGoToEachHostWithoutItsOwn() throws Exception {
        FakeOllama other = FakeOllama.start();
        try {
            Path config = home.resolve("config.json");
            java.nio.file.Files.writeString(
                    config,
                    "{\"hosts\": [\"" + fake.url() + "\", {\"url\": \"" + other.url()
                            + "\", \"headers\": {\"X-Tenant\": \"box\"}}], \"headers\": {\"X-Tenant\": \"file\"}}");
            Jollama client =
                    client(Map.of(Setting.CONFIG, config.toString()), "OLLAMA_HEADERS", "X-Tenant: env\nX-Trace: 1");
            for (var host : client.pool().hosts()) {
                host.daemon().version();
            }
            assertThat(fake.requests("/api/version").get(0).header("X-Tenant")).isEqualTo("env");
            assertThat(fake.requests("/api/version").get(0).header("X-Trace")).isEqualTo("1");
            assertThat(other.requests("/api/version").get(0).header("X-Tenant")).isEqualTo("box");
            assertThat(other.requests("/api/version").get(0).header("X-Trace"))
                    .as("a host's own headers replace the others")
                    .isNull();
        } finally {
            other.close();
        }
    }

    @Test
    void anAuthorizationHeaderThatReplacesTheKeyIsSaid() {
        Jollama client = client(
                Map.of(Setting.HOST, fake.url()),
                "OLLAMA_API_KEY",
                "sk-1",
                "OLLAMA_HEADERS",
                "Authorization: Basic eA==");
        client.daemon().version();
        assertThat(fake.requests("/api/version").get(0).header("Authorization")).isEqualTo("Basic eA==");
        assertThat(diagnostics)
                .containsExactly("warning: the Authorization of OLLAMA_HEADERS is sent to "
                        + client.pool().hosts().get(0).name() + ", not the key in OLLAMA_API_KEY");
    }

    @Test
    void theDaemonsVersionForVersionIsQuickAndSilentWhenNoneAnswers() throws Exception {
        Jollama client = client(Map.of(Setting.HOST, fake.url()));
        assertThat(client.daemonVersionWithin(Duration.ofSeconds(2))).contains("0.13.5");

        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Jollama none = client(Map.of(Setting.HOST, "http://127.0.0.1:" + port));
        assertThat(none.daemonVersionWithin(Duration.ofSeconds(2))).isEmpty();
        assertThat(client(Map.of(Setting.HOST, fake.url() + "/v1", Setting.API, "openai"))
                        .daemonVersionWithin(Duration.ofSeconds(2)))
                .isEmpty();
        assertThat(diagnostics).isEmpty();
    }
}
