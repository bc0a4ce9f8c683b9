package dev.jollama.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.jollama.core.error.InvalidConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config loader against damaged and hostile files: random edits of the starter config, every
 * field of the wrong type, deep nesting, huge values, bytes that are not UTF-8. A file is either a
 * config or one {@link InvalidConfigException} naming the file; it is never changed. Seed as in
 * {@code HostileStreamTest}: {@code -Djollama.fuzz.seed=N}.
 */
class HostileConfigTest {

    private static final long SEED = Long.getLong("jollama.fuzz.seed", 20261125L);
    private static final String STARTER = ConfigFile.starterText();
    private static final char[] SPECIAL = "{}[]\":,/*\\\n 0123456789eE.-tfnul\u0000\u001b\u202e".toCharArray();

    @TempDir
    Path dir;

    private final Path file = Path.of("/home/u/.config/jollama/config.json");

    @Test
    void randomEditsOfTheStarterConfigEndInAConfigOrOneClearError() {
        Random random = new Random(SEED);
        int rejected = 0;
        for (int n = 0; n < 5_000; n++) {
            String text = mutate(STARTER, random);
            try {
                ConfigFile.parse(file, text);
            } catch (InvalidConfigException e) {
                rejected++;
                assertThat(e.getMessage()).as(text).startsWith("config " + file);
                assertThat(e.getMessage()).as("one line").doesNotContain("\n");
            } catch (RuntimeException | StackOverflowError e) {
                fail("seed " + SEED + ", case " + n + ": " + e + " for:\n" + text, e);
            }
        }
        assertThat(rejected).as("most random edits break a config").isGreaterThan(1000);
    }

    @Test
    void everyFieldOfTheWrongTypeIsOneClearError() {
        List<String> paths = List.of(
                "host",
                "timeouts",
                "timeouts.connect",
                "timeouts.firstByte",
                "timeouts.idle",
                "resilience",
                "resilience.maxAttempts",
                "resilience.initialBackoff",
                "resilience.multiplier",
                "resilience.jitter",
                "resilience.failureRateThreshold",
                "resilience.slidingWindow",
                "resilience.minimumCalls",
                "resilience.openWait",
                "defaultProfile",
                "maxInput",
                "profiles",
                "profiles.p",
                "profiles.p.model",
                "profiles.p.description",
                "profiles.p.system",
                "profiles.p.options",
                "profiles.p.keepAlive",
                "profiles.p.requirements",
                "profiles.p.requirements.ramGB");
        List<String> values = List.of(
                "{\"x\":{\"y\":[1]}}",
                "[1,{\"a\":null}]",
                "\"text\"",
                "1e400",
                "-99999999999999999999999",
                "3.5",
                "true",
                "null",
                "\"\\u001b]0;x\\u0007\"");
        for (String path : paths) {
            for (String value : values) {
                String text = nest(path, value);
                try {
                    ConfigFile.parse(file, text);
                } catch (InvalidConfigException e) {
                    assertThat(e.getMessage()).as(text).startsWith("config " + file);
                } catch (RuntimeException e) {
                    fail(text + " -> " + e, e);
                }
            }
        }
    }

    @Test
    void deepNestingIsRefusedWithoutExhaustingTheStack() {
        String deep = "{\"profiles\": {\"p\": {\"model\": \"m\", \"options\": {\"x\": " + "[".repeat(100_000)
                + "]".repeat(100_000) + "}}}}";
        assertThatThrownBy(() -> ConfigFile.parse(file, deep))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void hugeValuesAreAnsweredNotChoked() {
        String longName = "{\"defaultProfile\": \"" + "p".repeat(1_000_000) + "\"}";
        assertThatThrownBy(() -> ConfigFile.parse(file, longName))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unknown default profile");
    }

    @Test
    void bytesThatAreNotUtf8AreReportedAndTheFileLeftAsItIs() throws Exception {
        Random random = new Random(SEED);
        Path config = dir.resolve("config.json");
        for (int n = 0; n < 200; n++) {
            byte[] bytes = STARTER.getBytes(StandardCharsets.UTF_8);
            bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80));
            Files.write(config, bytes);
            try {
                ConfigFile.load(new ConfigLocation(config, true));
            } catch (InvalidConfigException e) {
                assertThat(e.getMessage()).startsWith("config " + config);
            }
            assertThat(Files.readAllBytes(config)).isEqualTo(bytes);
        }
    }

    private static String nest(String path, String value) {
        String[] parts = path.split("\\.");
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            open.append("{\"").append(parts[i]).append("\": ");
            close.append('}');
        }
        return open + "{\"" + parts[parts.length - 1] + "\": " + value + "}" + close;
    }

    private static String mutate(String input, Random random) {
        StringBuilder s = new StringBuilder(input);
        int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits && s.length() > 0; e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(5)) {
                case 0 -> s.setCharAt(at, SPECIAL[random.nextInt(SPECIAL.length)]);
                case 1 -> s.insert(at, SPECIAL[random.nextInt(SPECIAL.length)]);
                case 2 -> s.setLength(at);
                case 3 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(30)));
                default -> s.insert(at, s.substring(at, Math.min(s.length(), at + 1 + random.nextInt(60))));
            }
        }
        return s.toString();
    }
}
