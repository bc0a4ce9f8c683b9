package dev.jollama.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.hosts.Api;
import dev.jollama.core.hosts.HostSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed settings: each value from the first place that sets it, and a clear line when it is wrong. */
class SettingsTest {

    @TempDir
    Path home;

    private Settings settings(Map<Setting, String> flags, Map<String, String> env) {
        Map<String, String> withHome = new java.util.HashMap<>(env);
        withHome.put("HOME", home.toString());
        return Settings.of(flags, withHome, false);
    }

    private Settings env(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return settings(Map.of(), env);
    }

    @Test
    void ollamaHostNamesExactlyOneHostEvenWhenSeveralAreListed() {
        Settings s = env("OLLAMA_HOST", "10.0.0.5", "JOLLAMA_HOSTS", "a:1,b:2");
        assertThat(s.hosts()).extracting(h -> h.address().toString()).containsExactly("http://10.0.0.5:11434");
        assertThat(env("JOLLAMA_HOSTS", "a:1,b:2").hosts()).hasSize(2);
    }

    @Test
    void theApiFlagAppliesToTheHostsOfTheEnvironment() {
        Settings s = settings(Map.of(Setting.API, "openai"), Map.of("JOLLAMA_HOSTS", "a:1/v1,b:2/v1"));
        assertThat(s.hosts()).extracting(HostSpec::api).containsOnly(Api.OPENAI);
        assertThatThrownBy(() -> settings(Map.of(Setting.API, "grpc"), Map.of()).hosts())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--api takes ollama or openai, not 'grpc'");
    }

    @Test
    void theKeyComesFromJollamasVariableThenOllamasAndOpenAisOnlyForEngines() {
        Settings ollama = env("OLLAMA_API_KEY", "o");
        assertThat(ollama.apiKey().source()).isEqualTo("OLLAMA_API_KEY");
        assertThat(env("OLLAMA_API_KEY", "o", "JOLLAMA_API_KEY", "j").apiKey().source())
                .isEqualTo("JOLLAMA_API_KEY");

        Settings openai = env("OPENAI_API_KEY", "sk");
        HostSpec engine = HostSpec.of("http://127.0.0.1:8000/v1", Api.OPENAI);
        assertThat(openai.apiKeyFor(engine).source()).isEqualTo("OPENAI_API_KEY");
        assertThat(openai.apiKeyFor(HostSpec.of("", Api.OLLAMA))).isNull();
    }

    @Test
    void aHostsOwnKeyVariableIsTheOnlyOneItUses() {
        HostSpec spec = new HostSpec("gpu", HostSpec.of("gpu:1", Api.OLLAMA).address(), Api.OLLAMA, "GPU_KEY", 1);
        assertThat(env("GPU_KEY", "g", "OLLAMA_API_KEY", "o").apiKeyFor(spec).source())
                .isEqualTo("GPU_KEY");
        assertThat(env("OLLAMA_API_KEY", "o").apiKeyFor(spec)).isNull();
    }

    @Test
    void aValueThatDoesNotParseNamesWhereItCameFrom() {
        assertThatThrownBy(() -> env("JOLLAMA_MAX_INPUT", "lots").maxInput())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("JOLLAMA_MAX_INPUT wants a size like 64MiB, not 'lots'");
        assertThatThrownBy(() -> env().maxInput("lots"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--max-input wants a size like 64MiB, not 'lots'");
        assertThatThrownBy(() -> env("JOLLAMA_REGISTRY", "not a url").registry())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("JOLLAMA_REGISTRY wants an address like https://registry.ollama.ai, not 'not a url'");
        assertThat(env("JOLLAMA_MAX_INPUT", "1KiB").maxInput()).isEqualTo(1024);
        assertThat(env("JOLLAMA_MAX_INPUT", "1KiB").maxInput("2KiB")).isEqualTo(2048);
    }

    @Test
    void theFileDecidesWhatNoFlagOrVariableDid() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"maxInput\": \"4KiB\", \"markdown\": false, \"host\": \"http://file:1\"}");
        Settings s = settings(Map.of(Setting.CONFIG, file.toString()), Map.of());
        assertThat(s.maxInput()).isEqualTo(4096);
        assertThat(s.markdown()).isFalse();
        assertThat(s.hosts().get(0).address().toString()).isEqualTo("http://file:1");
        assertThat(s.effective(Setting.MAX_INPUT).origin().where()).isEqualTo(file + ":1");
    }

    @Test
    void coloursAreOffForNoColorAndADumbTerminalAndShownSo() {
        assertThat(env().colour()).isTrue();
        assertThat(env("NO_COLOR", "1").colour()).isFalse();
        assertThat(env("NO_COLOR", "").colour()).isTrue(); // set but empty does not count, as no-color.org says
        Settings dumb = env("TERM", "dumb");
        assertThat(dumb.colour()).isFalse();
        Settings.Shown shown = dumb.shown().stream()
                .filter(x -> x.setting() == Setting.COLOUR)
                .findFirst()
                .orElseThrow();
        assertThat(shown.value()).isEqualTo("off");
        assertThat(shown.origin().shown()).isEqualTo("$TERM");
    }

    @Test
    void theEditorIsVisualThenEditorThenVi() {
        assertThat(env("VISUAL", "code --wait", "EDITOR", "nano").editor()).isEqualTo("code --wait");
        assertThat(env("EDITOR", "nano").editor()).isEqualTo("nano");
        assertThat(env().editor()).isEqualTo("vi");
    }

    @Test
    void theModelsFolderIsOllamasOrTheDefaultUnderHome() {
        assertThat(env("OLLAMA_MODELS", "/srv/models").ollamaModels()).isEqualTo(Path.of("/srv/models"));
        assertThat(env().ollamaModels()).isEqualTo(home.resolve(".ollama/models"));
    }

    @Test
    void aKeyIsShownAsSetWithItsOriginNeverItsText() {
        Settings s = env("OLLAMA_API_KEY", "sk-secret");
        for (Settings.Shown shown : s.shown()) {
            assertThat(shown.value()).doesNotContain("sk-secret");
        }
        Settings.Shown key = s.shown().stream()
                .filter(x -> x.setting() == Setting.API_KEY)
                .findFirst()
                .orElseThrow();
        assertThat(key.value()).isEqualTo("set");
        assertThat(key.origin().shown()).isEqualTo("$OLLAMA_API_KEY");
    }

    @Test
    void ollamaContextLengthIsReadAsTheDaemonReadsIt() {
        assertThat(env("OLLAMA_CONTEXT_LENGTH", "16384").ollamaContextLength()).isEqualTo(16384);
        assertThat(env().ollamaContextLength()).isNull();
        // the daemon ignores what it cannot read, and 0 means "unset" to it
        assertThat(env("OLLAMA_CONTEXT_LENGTH", "lots").ollamaContextLength()).isNull();
        assertThat(env("OLLAMA_CONTEXT_LENGTH", "0").ollamaContextLength()).isNull();
    }

    @Test
    void headersAreShownByNameWithTheirOriginNeverTheirValues() {
        Settings s = env("OLLAMA_HEADERS", "X-Tenant: team-a; CF-Access-Client-Secret: s3cret");
        for (Settings.Shown shown : s.shown()) {
            assertThat(shown.value()).doesNotContain("s3cret").doesNotContain("team-a");
        }
        Settings.Shown headers = s.shown().stream()
                .filter(x -> x.setting() == Setting.HEADERS)
                .findFirst()
                .orElseThrow();
        assertThat(headers.value()).isEqualTo("X-Tenant, CF-Access-Client-Secret (values not shown)");
        assertThat(headers.origin().shown()).isEqualTo("$OLLAMA_HEADERS");
        assertThat(env("JOLLAMA_HEADERS", "X-A: 1", "OLLAMA_HEADERS", "X-B: 2")
                        .globalHeaders()
                        .names())
                .containsExactly("X-A");
    }

    @Test
    void headersThatWouldReplaceHostAreAConfigErrorNamingTheVariable() {
        assertThatThrownBy(() -> env("OLLAMA_HEADERS", "Host: elsewhere").shown())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("OLLAMA_HEADERS sets Host, which jollama writes itself for each request: remove it");
    }

    @Test
    void insecureIsOffUnlessTheFlagSaysSo() {
        assertThat(env().insecure()).isFalse();
        assertThat(settings(Map.of(Setting.INSECURE, "on"), Map.of()).insecure())
                .isTrue();
    }
}
