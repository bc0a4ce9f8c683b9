package dev.jollama.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jollama.core.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat files an earlier jollama saved are files a user may have edited or damaged: reading a
 * damaged one (to move it into the database) is one clear error naming the file, which is left byte
 * for byte as it was; what does load can be continued.
 */
class HostileSessionTest {

    private static final long SEED = Long.getLong("jollama.fuzz.seed", 20261125L);
    private static final char[] SPECIAL = "{}[]\":,\\\n 0123456789-TZ.tfnul\u0000".toCharArray();

    @TempDir
    Path dir;

    @Test
    void randomlyDamagedSessionsLoadOrFailWithOneClearErrorAndAreNeverChanged() throws Exception {
        SessionFiles store = new SessionFiles(dir);
        Conversation conversation = new Conversation(
                ChatSettings.of(dev.jollama.core.profile.Profile.ofModel("m")).withOptions(Map.of("temperature", 0.2)));
        conversation.add(Turn.user("hello", java.util.List.of(), Instant.parse("2025-05-11T15:06:48Z")));
        conversation.add(Turn.assistant("hi there", Instant.parse("2025-05-11T15:06:49Z"), false));
        String saved = SessionStore.json(Session.of("good", conversation, Instant.EPOCH, Instant.EPOCH));
        Random random = new Random(SEED);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder text = new StringBuilder(saved);
            for (int e = 0; e < 1 + random.nextInt(4) && text.length() > 0; e++) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(4)) {
                    case 0 -> text.setCharAt(at, SPECIAL[random.nextInt(SPECIAL.length)]);
                    case 1 -> text.insert(at, SPECIAL[random.nextInt(SPECIAL.length)]);
                    case 2 -> text.setLength(at);
                    default -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(20)));
                }
            }
            Path file = dir.resolve("damaged.json");
            Files.writeString(file, text);
            try {
                Session loaded = store.load("damaged");
                loaded.toConversation().turns();
            } catch (InvalidInputException e) {
                assertThat(e.getMessage()).contains(file.toString()).doesNotContain("\n");
            } catch (RuntimeException e) {
                fail("seed " + SEED + ", case " + n + ": " + e + " for:\n" + text, e);
            }
            assertThat(Files.readString(file)).isEqualTo(text.toString());
        }
    }
}
