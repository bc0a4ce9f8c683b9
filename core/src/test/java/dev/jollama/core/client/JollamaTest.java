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
    void sessionsLiveUnderTheDataFolder() {
        Jollama client = client(Map.of(), "XDG_DATA_HOME", home.resolve("data").toString());

        assertThat(client.sessions().dir()).isEqualTo(home.resolve("data/jollama/sessions"));
    }
}
