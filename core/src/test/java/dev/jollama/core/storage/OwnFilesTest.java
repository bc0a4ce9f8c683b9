package dev.jollama.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.error.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading jollama's own files within bounds; leftovers of dead writers; the lock between writers. */
class OwnFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFileOfExactlyTheLimitIsReadAndOneByteMoreIsRefused() throws Exception {
        Path file = dir.resolve("ollama.pid");
        Files.write(file, new byte[(int) OwnFiles.Kind.PID_FILE.limit()]);
        assertThat(OwnFiles.read(file, OwnFiles.Kind.PID_FILE)).hasSize((int) OwnFiles.Kind.PID_FILE.limit());

        Files.write(file, new byte[(int) OwnFiles.Kind.PID_FILE.limit() + 1]);
        assertThatThrownBy(() -> OwnFiles.read(file, OwnFiles.Kind.PID_FILE))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("pid file " + file + " is larger than 64 KiB, the most jollama reads of a pid file");
    }

    @Test
    void aDeviceAFolderAndAMissingFileAreToldApart() throws Exception {
        assertThatThrownBy(() -> OwnFiles.read(Path.of("/dev/null"), OwnFiles.Kind.CONFIG))
                .hasMessage("config /dev/null is a character device, not a regular file: jollama reads its config"
                        + " only from a regular file");
        assertThatThrownBy(() -> OwnFiles.read(dir, OwnFiles.Kind.CONFIG)).hasMessageContaining("is a folder");
        assertThatThrownBy(() -> OwnFiles.read(dir.resolve("none"), OwnFiles.Kind.CONFIG))
                .isInstanceOf(NoSuchFileException.class);
        OwnFiles.checkIfPresent(dir.resolve("none"), OwnFiles.Kind.HISTORY); // nothing there: fine
    }

    @Test
    void aWriteRemovesTheCopiesOfDeadWritersOnceTheyAreAMinuteOldAndNoOther() throws Exception {
        long dead = deadPid();
        long alive = ProcessHandle.current().pid() == 1
                ? 1
                : ProcessHandle.current().parent().orElseThrow().pid();
        Path deadOld = old(dir.resolve(".a.json.p" + dead + ".11.tmp"));
        Path deadEdit = old(dir.resolve(".config.json.p" + dead + ".12.edit"));
        Path deadFresh = Files.writeString(dir.resolve(".a.json.p" + dead + ".13.tmp"), "x");
        Path aliveOld = old(dir.resolve(".a.json.p" + alive + ".14.tmp"));
        Path beforePidsOfThisFile = old(dir.resolve(".b.json.4711.tmp"));
        Path beforePidsOfAnother = old(dir.resolve(".c.json.4712.tmp"));
        Path notOurs = old(dir.resolve(".notes.txt.swp"));

        AtomicFiles.write(dir.resolve("b.json"), "{}");

        assertThat(deadOld).doesNotExist();
        assertThat(deadEdit).doesNotExist();
        assertThat(beforePidsOfThisFile).doesNotExist();
        assertThat(deadFresh).exists();
        assertThat(aliveOld).exists();
        assertThat(beforePidsOfAnother).exists();
        assertThat(notOurs).exists();
        assertThat(AtomicFiles.copies(dir.resolve("a.json"))).containsExactlyInAnyOrder(deadFresh, aliveOld);
    }

    @Test
    void aSecondHolderWaitsAndGivesUpNamingTheLockWhenTheFirstKeepsIt() throws Exception {
        Path lock = dir.resolve(".x.json.lock");
        try (ExclusiveLock held = ExclusiveLock.hold(lock, Duration.ofSeconds(1))) {
            held.text("r1");
            CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> {
                try (ExclusiveLock second = ExclusiveLock.hold(lock, Duration.ofMillis(200))) {
                    return "held";
                } catch (java.io.IOException e) {
                    return e.getMessage();
                }
            });
            assertThat(other.get(10, TimeUnit.SECONDS))
                    .isEqualTo("another jollama has held " + lock + " for more than 0 s");
        }
        try (ExclusiveLock next = ExclusiveLock.hold(lock, Duration.ofSeconds(1))) {
            assertThat(next.text()).isEqualTo("r1");
        }
    }

    @Test
    void aLockDeletedByItsHolderIsTakenAfreshByTheOneWaiting() throws Exception {
        Path lock = dir.resolve(".x.json.lock");
        CompletableFuture<String> waiter;
        try (ExclusiveLock held = ExclusiveLock.hold(lock, Duration.ofSeconds(1))) {
            held.text("old");
            waiter = CompletableFuture.supplyAsync(() -> {
                try (ExclusiveLock second = ExclusiveLock.hold(lock, Duration.ofSeconds(10))) {
                    return second.text();
                } catch (java.io.IOException e) {
                    return e.getMessage();
                }
            });
            Files.delete(lock); // as `sessions rm` does, holding it
        }
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEmpty(); // a new lock file, not the deleted one
        assertThat(lock).exists();
    }

    private static Path old(Path file) throws Exception {
        Files.writeString(file, "a whole copy");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofMinutes(2))));
        return file;
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
