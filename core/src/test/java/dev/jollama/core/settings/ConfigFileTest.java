package dev.jollama.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.profile.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    private final Path file = Path.of("/home/u/.config/jollama/config.json");

    private static String fail(Path file, String text) {
        try {
            ConfigFile.parse(file, text);
        } catch (InvalidConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the config to be rejected");
    }

    @Test
    void noFileMeansDefaultsWithBothBuiltInProfiles() {
        Config c = ConfigFile.load(new ConfigLocation(dir.resolve("none.json"), false));
        assertThat(c.source()).isNull();
        assertThat(c.profiles()).containsOnlyKeys("phi3-mini", "llama3-8b");
        assertThat(c.profiles().get("phi3-mini").model()).isEqualTo("phi3:3.8b-mini-4k-instruct-q4_K_M");
        assertThat(c.profiles().get("llama3-8b").model()).isEqualTo("llama3:8b-instruct-q4_K_M");
        assertThat(c.defaultProfile()).isEqualTo("phi3-mini");
    }

    @Test
    void aNamedFileThatIsMissingIsAnError() {
        assertThatThrownBy(() -> ConfigFile.load(new ConfigLocation(dir.resolve("none.json"), true)))
                .hasMessageContaining("does not exist")
                .hasMessageContaining("jollama profiles init");
    }

    @Test
    void readsEveryField() {
        Config c = ConfigFile.parse(
                file,
                """
                {
                  "host": "localhost:1234",
                  "timeouts": { "connect": "1s", "firstByte": "10m", "idle": "30s" },
                  "resilience": { "maxAttempts": 5, "initialBackoff": "100ms", "openWait": "1m" },
                  "defaultProfile": "mine",
                  "profiles": { "mine": { "model": "llama3.2", "keepAlive": "1h", "options": { "num_ctx": 2048 } } }
                }
                """);
        assertThat(c.host()).isEqualTo("localhost:1234");
        assertThat(c.timeouts().firstByte()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.timeouts().idle()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.resilience().maxAttempts()).isEqualTo(5);
        assertThat(c.resilience().openWait()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.resilience().slidingWindow()).isEqualTo(10);
        assertThat(c.defaultProfile()).isEqualTo("mine");
        assertThat(c.profiles().get("mine").options()).isEqualTo(Map.of("num_ctx", 2048));
        assertThat(c.profiles()).containsKeys("phi3-mini", "llama3-8b", "mine");
    }

    @Test
    void badJsonNamesLineAndColumn() {
        assertThat(fail(file, "{\n  \"host\": \"x\",,\n}"))
                .isEqualTo("config /home/u/.config/jollama/config.json:2:15: invalid JSON: a field name must be in"
                        + " double quotes (found ,)");
        assertThat(fail(file, "{\"markdown\": tru"))
                .isEqualTo("config /home/u/.config/jollama/config.json:1:17: invalid JSON: 'tru' is not a JSON value"
                        + " (text goes in double quotes; true, false and null are lower case)");
        assertThat(fail(file, "{\"markdown\": true"))
                .isEqualTo("config /home/u/.config/jollama/config.json:1:18: invalid JSON: the text ends before a }"
                        + " closes the object")
                .doesNotContain("StreamReadFeature");
    }

    @Test
    void unknownFieldNamesTheFieldAndSuggestsTheRightOne() {
        assertThat(fail(file, "{\n  \"timeouts\": { \"conect\": \"1s\" }\n}"))
                .isEqualTo("config /home/u/.config/jollama/config.json:2:17: unknown field 'conect' in 'timeouts'"
                        + " (did you mean 'connect'?)");
        assertThat(fail(file, "{\"defaultProfil\": \"x\"}"))
                .isEqualTo("config /home/u/.config/jollama/config.json:1:2: unknown field 'defaultProfil' at the top"
                        + " level (did you mean 'defaultProfile'?)");
    }

    @Test
    void unknownFieldInAProfile() {
        assertThat(fail(file, "{\n  \"profiles\": {\n    \"x\": { \"modle\": \"llama3.2\" }\n  }\n}\n"))
                .isEqualTo("config /home/u/.config/jollama/config.json:3:12: unknown field 'modle' in 'profiles.x'"
                        + " (did you mean 'model'?)");
    }

    @Test
    void wrongTypeNamesTheField() {
        assertThat(fail(file, "{\n  \"resilience\": { \"maxAttempts\": \"three\" }\n}"))
                .isEqualTo("config /home/u/.config/jollama/config.json:2:34: wrong type for 'resilience.maxAttempts':"
                        + " expected a number");
    }

    @Test
    void wrongOptionTypeInAProfile() {
        assertThat(fail(file, "{\"profiles\": {\"p\": {\"model\": \"m\", \"options\": {\"temperature\": \"hot\"}}}}"))
                .isEqualTo("config /home/u/.config/jollama/config.json:1:62: 'profiles.p.options.temperature': option"
                        + " temperature wants a number, not hot");
    }

    @Test
    void unknownDefaultProfileSaysWhichExist() {
        assertThat(fail(file, "{\n  \"defaultProfile\": \"phi3-mnii\"\n}"))
                .isEqualTo("config /home/u/.config/jollama/config.json:2:21: 'defaultProfile': unknown default profile"
                        + " 'phi3-mnii' (did you mean 'phi3-mini'?); profiles are phi3-mini, llama3-8b");
    }

    @Test
    void maxInputIsASizeAndDefaultsTo32MiB() {
        assertThat(ConfigFile.parse(file, "{}").maxInput()).isEqualTo(32L << 20);
        assertThat(ConfigFile.parse(file, "{\"maxInput\": \"64MiB\"}").maxInput())
                .isEqualTo(64L << 20);
        assertThat(fail(file, "{\n  \"maxInput\": \"big\"}"))
                .isEqualTo("config " + file + ":2:15: 'maxInput': \"big\" is not a size: write it like \"32MiB\" or"
                        + " \"500kB\"");
    }

    @Test
    void badDurationAndMissingModel() {
        assertThat(fail(file, "{\"timeouts\": {\"idle\": \"soon\"}}"))
                .contains(":1:23: 'timeouts.idle': 'soon' is not a duration");
        assertThat(fail(file, "{\"profiles\": {\"p\": {\"system\": \"hi\"}}}"))
                .contains("'profiles.p': profile 'p' has no \"model\"");
    }

    @Test
    void builtInOverrideKeepsWhatItDoesNotSet() {
        Config c = ConfigFile.parse(file, "{\"profiles\": {\"llama3-8b\": {\"options\": {\"temperature\": 0.1}}}}");
        Profile p = c.profiles().get("llama3-8b");
        assertThat(p.model()).isEqualTo("llama3:8b-instruct-q4_K_M");
        assertThat(p.options()).containsEntry("temperature", 0.1).containsEntry("num_ctx", 8192);
        assertThat(p.builtIn()).isFalse();
        assertThat(p.requirements().diskGB()).isEqualTo(4.9);
    }

    @Test
    void notUtf8IsReported() throws IOException {
        Path bad = Files.write(dir.resolve("config.json"), new byte[] {'{', (byte) 0xFF, '}'});
        assertThatThrownBy(() -> ConfigFile.load(new ConfigLocation(bad, true))).hasMessageContaining("not UTF-8");
    }

    @Test
    void starterParsesAndIsNeverOverwrittenWithoutForce() throws IOException {
        Path target = dir.resolve("sub/config.json");
        ConfigFile.writeStarter(target, false);
        Config c = ConfigFile.load(new ConfigLocation(target, true));
        assertThat(c.profiles()).containsKey("reviewer");
        Files.writeString(target, "{ \"mine\": true }");
        assertThatThrownBy(() -> ConfigFile.writeStarter(target, false)).hasMessageContaining("already exists");
        assertThat(Files.readString(target)).isEqualTo("{ \"mine\": true }");
        Path backup = ConfigFile.writeStarter(target, true);
        assertThat(Files.readString(target)).startsWith("// jollama configuration");
        assertThat(backup).isEqualTo(target.resolveSibling("config.json.bak"));
        assertThat(Files.readString(backup)).isEqualTo("{ \"mine\": true }");
        try (var files = Files.list(target.getParent())) {
            assertThat(files).hasSize(2); // the config and its backup, no temp file left behind
        }
    }

    @Test
    void readsTheDaemonsEnvironmentStartTimeoutAndAutostart() {
        Config c = ConfigFile.parse(
                file,
                """
                {
                  "autostart": true,
                  "daemon": {
                    "env": { "OLLAMA_NUM_PARALLEL": "2", "OLLAMA_MODELS": "/srv/models" },
                    "startTimeout": "1m"
                  }
                }
                """);
        assertThat(c.daemon().env())
                .containsExactlyInAnyOrderEntriesOf(Map.of("OLLAMA_NUM_PARALLEL", "2", "OLLAMA_MODELS", "/srv/models"));
        assertThat(c.daemon().startTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.daemon().autostart()).isTrue();
        assertThat(ConfigFile.parse(file, "{}").daemon())
                .isEqualTo(new dev.jollama.core.serve.DaemonSettings(Map.of(), Duration.ofSeconds(30), false));
    }

    @Test
    void aDaemonVariableMustBeTextNeverQuietlyConverted() {
        assertThat(fail(file, "{\n  \"daemon\": {\"env\": {\"OLLAMA_FLASH_ATTENTION\": true}}\n}"))
                .isEqualTo("config /home/u/.config/jollama/config.json:2:48: wrong type for"
                        + " 'daemon.env.OLLAMA_FLASH_ATTENTION': expected text (in quotes), as in \"2\" or \"10m\"");
        assertThat(fail(file, "{\"daemon\": {\"env\": [\"OLLAMA_DEBUG=1\"]}}"))
                .contains("wrong type for 'daemon.env': expected an object");
    }

    @Test
    void theDaemonsHostComesFromHostNotFromItsEnvironment() {
        assertThat(fail(file, "{\"daemon\": {\"env\": {\"OLLAMA_HOST\": \"0.0.0.0\"}}}"))
                .contains("'daemon.env.OLLAMA_HOST': the daemon's OLLAMA_HOST is always the configured host: set"
                        + " \"host\" instead");
        assertThat(fail(file, "{\"daemon\": {\"env\": {\"A=B\": \"1\"}}}"))
                .contains("'A=B' is not an environment variable name");
        assertThat(fail(file, "{\"daemon\": {\"startTimeout\": \"soon\"}}"))
                .contains("'daemon.startTimeout': 'soon' is not a duration");
        assertThat(fail(file, "{\"daemon\": {\"startTimeout\": \"0s\"}}"))
                .contains("'daemon.startTimeout': must be longer than 0");
        assertThat(fail(file, "{\"daemon\": {\"evn\": {}}}")).contains("(did you mean 'env'?)");
    }

    @Test
    void truncateAndCompactAreReadAndAnUnknownCompactionModeIsNamed() {
        Config c = ConfigFile.parse(file, "{\"truncate\": true, \"compact\": \"off\"}");
        assertThat(c.truncate()).isTrue();
        assertThat(c.autoCompact()).isFalse();
        Config defaults = ConfigFile.parse(file, "{}");
        assertThat(defaults.truncate()).isFalse();
        assertThat(defaults.autoCompact()).isTrue();
        assertThat(fail(file, "{\n  \"compact\": \"sometimes\"\n}"))
                .contains(":2:")
                .contains("\"sometimes\" is not a compaction mode: write \"auto\" or \"off\"");
    }

    @Test
    void headersAtTheTopAndPerHostAreObjectsOfTextCheckedWithTheirLine() {
        Config c = ConfigFile.parse(
                file,
                "{\"headers\": {\"X-Tenant\": \"a\"},\n \"hosts\": [\"http://a:1\", {\"url\": \"http://b:1\", \"headers\":"
                        + " {\"X-Tenant\": \"b\"}}]}");
        assertThat(c.headers().names()).containsExactly("X-Tenant");
        assertThat(c.hosts().get(0).headers()).as("none of its own").isNull();
        assertThat(c.hosts().get(1).headers().names()).containsExactly("X-Tenant");
        assertThat(ConfigFile.parse(file, "{}").headers().isEmpty()).isTrue();

        assertThat(fail(file, "{\n  \"headers\": {\"Content-Length\": \"0\"}}"))
                .isEqualTo("config " + file + ":2:14: 'headers': \"headers\" sets Content-Length, which jollama writes"
                        + " itself for each request: remove it");
        assertThat(fail(file, "{\"headers\": {\"X-N\": 1}}")).endsWith("the value of X-N must be text (in quotes)");
        assertThat(fail(file, "{\"hosts\": [{\"url\": \"http://b:1\", \"headers\": [\"X-A: 1\"]}]}"))
                .contains("'hosts': host 1: \"headers\" must be an object of headers");
    }
}
