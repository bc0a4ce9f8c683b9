package dev.jollama.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The settings table is the one source: the starter config and docs/configuration.md agree with it. */
class SettingsAgreeTest {

    private static final Path DOCS = Path.of("..", "docs", "configuration.md");
    private static final String BEGIN = "<!-- settings table: generated from Setting; SettingsAgreeTest checks it -->";
    private static final String END = "<!-- end of settings table -->";

    /** The table docs/configuration.md carries, made from {@link Setting}. */
    static String table() {
        StringBuilder md = new StringBuilder();
        md.append("| setting | config field | environment | flag | type | default | meaning |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Setting s : Setting.values()) {
            md.append("| ")
                    .append(s.displayName())
                    .append(" | ")
                    .append(code(s.key()))
                    .append(" | ")
                    .append(
                            s.envs().isEmpty()
                                    ? "—"
                                    : String.join(
                                            ", ",
                                            s.envs().stream()
                                                    .map(v -> "`" + v + "`")
                                                    .toList()))
                    .append(" | ")
                    .append(code(s.flag()))
                    .append(" | ")
                    .append(s.type())
                    .append(" | ")
                    .append(s.defaultText().isEmpty() ? "—" : "`" + s.defaultText() + "`")
                    .append(" | ")
                    .append(s.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String code(String text) {
        return text == null ? "—" : "`" + text + "`";
    }

    @Test
    void theDocsTableIsTheOneMadeFromTheSettings() throws Exception {
        Path expected = Path.of("target", "settings-table.md");
        Files.writeString(expected, table());
        String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
        int begin = docs.indexOf(BEGIN);
        int end = docs.indexOf(END);
        assertThat(begin).as("docs/configuration.md has the marker " + BEGIN).isPositive();
        String shown = docs.substring(begin + BEGIN.length(), end).strip() + "\n";
        assertThat(shown)
                .as("docs/configuration.md's settings table differs from Setting: copy " + expected.toAbsolutePath())
                .isEqualTo(table());
    }

    @Test
    void theStarterConfigReadsBackAsTheDefaults() {
        Config starter = ConfigFile.check(Path.of("starter.json"), StarterConfig.text());
        Config defaults = Config.defaults();
        // The starter shows an example of these two, on purpose.
        Set<Setting> examples = Set.of(Setting.DAEMON_ENV, Setting.PROFILES);
        for (Setting s : Setting.values()) {
            if (s.key() != null && !examples.contains(s)) {
                assertThat(java.util.Objects.toString(s.valueIn(starter), ""))
                        .as(s.key())
                        .isEqualTo(s.defaultText());
                // null: the file's absence is the default, applied where the value is used (host, registry)
                assertThat(s.valueIn(defaults)).as(s.key() + "'s default").isIn(null, "", s.defaultText());
            }
        }
    }

    @Test
    void everyKeyInTheStarterIsASettingAndEverySettingWithAKeyIsInTheStarter() {
        String starter = StarterConfig.text();
        for (Setting s : Setting.values()) {
            if (s.key() != null) {
                String last = s.keyPath().get(s.keyPath().size() - 1);
                assertThat(starter).as(s.key()).contains("\"" + last + "\"");
            }
        }
    }

    @Test
    void theResolverPrefersFlagThenEnvironmentThenFileThenDefault(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\n  \"host\": \"http://file:1\",\n  \"timeouts\": {\"idle\": \"9s\"}\n}\n");
        Config config = ConfigFile.load(new dev.jollama.core.settings.ConfigLocation(file, true));

        SettingsResolver none = new SettingsResolver(Map.of(), Map.of(), () -> config);
        assertThat(none.effective(Setting.HOST).value()).isEqualTo("http://file:1");
        assertThat(none.effective(Setting.HOST).origin().where()).isEqualTo(file + ":2");
        assertThat(none.effective(Setting.IDLE_TIMEOUT).value()).isEqualTo("9s");
        assertThat(none.effective(Setting.IDLE_TIMEOUT).origin().where()).isEqualTo(file + ":3");
        assertThat(none.effective(Setting.CONNECT_TIMEOUT).origin().kind()).isEqualTo(SettingsResolver.Kind.DEFAULT);

        SettingsResolver env = new SettingsResolver(Map.of(), Map.of("OLLAMA_HOST", "env:2"), () -> config);
        assertThat(env.effective(Setting.HOST).value()).isEqualTo("env:2");
        assertThat(env.effective(Setting.HOST).origin().where()).isEqualTo("OLLAMA_HOST");

        SettingsResolver flag =
                new SettingsResolver(Map.of(Setting.HOST, "flag:3"), Map.of("OLLAMA_HOST", "env:2"), () -> config);
        assertThat(flag.effective(Setting.HOST).value()).isEqualTo("flag:3");
        assertThat(flag.effective(Setting.HOST).origin().kind()).isEqualTo(SettingsResolver.Kind.FLAG);
    }
}
