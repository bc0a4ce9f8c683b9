package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.fake.FakeOllama;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite (its driver's classes, its native library) is loaded only by what reads or writes the
 * database, not by commands that keep no log. Seen in real processes with the JVM's class-loading
 * log. (That a quick `run` leaves its entry in the journal without SQLite is LogJournalTest's: here
 * its timing would depend on the machine's load.)
 */
class SqliteStartupCostIT {

    private static final Duration BOUND = Duration.ofMinutes(2);

    @TempDir
    Path home;

    private final FakeOllama fake = FakeOllama.start();

    @BeforeEach
    void jvmOnly() {
        Assumptions.assumeTrue(
                System.getProperty("jollama.launcher", "").isBlank(), "the class-loading log is the JVM's");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** The classes of the driver that `args` loaded, and its exit code checked. */
    private List<String> sqliteClasses(String... args) throws Exception {
        Path log = Files.createTempFile(home, "classes", ".txt");
        try (JollamaProcess p = JollamaProcess.counting(
                home, JollamaProcess.host(fake.url()), List.of("-Xlog:class+load=info:file=" + log), null, args)) {
            assertThat(p.awaitExit(BOUND)).as(p.err()).isZero();
        }
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains(" org.sqlite."))
                .toList();
    }

    @Test
    void listShowAndARunWithoutTheLogLoadNoSqlite() throws Exception {
        assertThat(sqliteClasses("list")).isEmpty();
        assertThat(sqliteClasses("show", "llama3.2")).isEmpty();
        assertThat(sqliteClasses("run", "--no-log", "llama3.2", "hi")).isEmpty();
    }

    @Test
    void theLogReaderLoadsIt() throws Exception {
        sqliteClasses("run", "llama3.2", "remember pineapple");
        assertThat(sqliteClasses("logs", "-q", "pineapple")).isNotEmpty();
    }
}
