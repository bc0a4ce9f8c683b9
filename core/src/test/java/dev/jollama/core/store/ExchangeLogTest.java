package dev.jollama.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jollama.core.daemon.ChatMessage;
import dev.jollama.core.error.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeLogTest {

    @TempDir
    Path dir;

    static LogEntry run(Instant at, String model, String prompt, String answer) {
        return new LogEntry(
                null,
                at,
                "run",
                "http://127.0.0.1:11434",
                "ollama",
                model,
                null,
                null,
                Map.of("temperature", 0.2),
                prompt,
                List.of(new ChatMessage("user", prompt, null, List.of("aGVsbG8="))),
                null,
                answer,
                null,
                null,
                3,
                5,
                120L,
                0,
                null,
                null);
    }

    @Test
    void findsWhatWasSaidAndMarksTheMatch() {
        try (Database db = Database.open(dir.resolve("j.db"))) {
            ExchangeLog log = new ExchangeLog(db);
            log.add(run(Instant.now().minusSeconds(60), "phi3", "remember pineapple", "I will remember it."));
            log.add(run(Instant.now(), "llama3", "what is 2+2", "4"));
            List<ExchangeLog.Found> found = log.find(new LogQuery("pineapple", null, null, null, 5), "[", "]");
            assertEquals(1, found.size());
            assertEquals("remember [pineapple]", found.get(0).snippet());
            LogEntry e = found.get(0).entry();
            assertEquals("phi3", e.model());
            assertEquals(0.2, e.options().get("temperature"));
            // images are kept as digests, not their bytes
            assertTrue(e.messages().get(0).images().get(0).startsWith("sha256:"));
            assertEquals(2, log.find(LogQuery.last(5), "[", "]").size());
            assertEquals(
                    "llama3",
                    log.find(LogQuery.last(5), "[", "]").get(0).entry().model());
        }
    }

    @Test
    void textPeopleTypeIsNotReadAsSearchSyntax() {
        try (Database db = Database.open(dir.resolve("j.db"))) {
            ExchangeLog log = new ExchangeLog(db);
            log.add(run(Instant.now(), "phi3", "explain c++ templates, don't skip", "ok"));
            for (String q : List.of("c++", "don't", "\"c++ templates\"", "templ*", "AND", "a-b", "(", "NEAR(")) {
                log.find(new LogQuery(q, null, null, null, 5), "[", "]");
            }
            assertEquals(
                    1,
                    log.find(new LogQuery("templ*", null, null, null, 5), "", "")
                            .size());
            assertEquals(
                    1,
                    log.find(new LogQuery("\"c++ templates\"", null, null, null, 5), "", "")
                            .size());
            assertEquals(
                    0,
                    log.find(new LogQuery("\"templates c++\"", null, null, null, 5), "", "")
                            .size());
        }
    }

    @Test
    void filtersByModelTimeAndPrunes() {
        try (Database db = Database.open(dir.resolve("j.db"))) {
            ExchangeLog log = new ExchangeLog(db);
            Instant now = Instant.now();
            log.add(run(now.minus(Duration.ofDays(40)), "phi3", "old pineapple", "a"));
            log.add(run(now.minusSeconds(10), "phi3", "new pineapple", "b"));
            log.add(run(now, "llama3", "other", "c"));
            assertEquals(
                    2,
                    log.find(new LogQuery(null, "phi3", null, null, 9), "", "").size());
            assertEquals(
                    1,
                    log.find(new LogQuery("pineapple", null, now.minusSeconds(3600), null, 9), "", "")
                            .size());
            assertEquals("c", log.lastAnswered("run").orElseThrow().answer());
            assertEquals(1, log.remove(now.minus(Duration.ofDays(30))));
            assertEquals(2, log.count());
            // the removed entry's words are gone from the index as well
            assertEquals(
                    0,
                    log.find(new LogQuery("old", null, null, null, 9), "", "").size());
            assertEquals(2, log.remove(null));
            assertEquals(0, log.count());
        }
    }

    @Test
    void onAndOffIsRemembered() {
        Path file = dir.resolve("j.db");
        try (Database db = Database.open(file)) {
            assertTrue(new ExchangeLog(db).enabled());
            new ExchangeLog(db).enable(false);
        }
        try (Database db = Database.open(file)) {
            assertFalse(new ExchangeLog(db).enabled());
        }
    }

    @Test
    void theFileIsPrivateAndReadableByAnySqliteTool() throws Exception {
        Path file = dir.resolve("data/jollama/jollama.db");
        try (Database db = Database.open(file)) {
            new ExchangeLog(db).add(run(Instant.now(), "phi3", "hello", "hi"));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file);
                var s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT prompt, answer, model FROM entries")) {
            assertTrue(r.next());
            assertEquals("hello", r.getString(1));
            assertEquals("hi", r.getString(2));
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsReportedAndLeftAlone() throws Exception {
        Path file = dir.resolve("j.db");
        Files.writeString(file, "my notes, not a database\n".repeat(200));
        var e = assertThrows(InvalidConfigException.class, () -> Database.open(file));
        assertTrue(e.getMessage().contains("is not a jollama database"), e.getMessage());
        assertEquals("my notes, not a database\n".repeat(200), Files.readString(file));
        Path folder = dir.resolve("folder.db");
        Files.createDirectory(folder);
        assertTrue(assertThrows(InvalidConfigException.class, () -> Database.open(folder))
                .getMessage()
                .contains("not a regular file"));
    }

    @Test
    void matchExpressionQuotesEveryWord() {
        assertEquals("\"c++\" \"x\"*", ExchangeLog.matchExpression("c++ x*"));
        assertEquals("\"a b\" \"c\"", ExchangeLog.matchExpression("\"a b\" c"));
        assertEquals("\"open phrase\"", ExchangeLog.matchExpression("\"open phrase"));
    }
}
