package dev.jollama.core.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jollama.core.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionImportTest {

    @TempDir
    Path dir;

    @Test
    void everyReadableChatMovesOnceAndTheRestStays() throws Exception {
        Path sessions = dir.resolve("sessions");
        Files.createDirectories(sessions);
        Instant t = Instant.parse("2026-10-01T08:00:00Z");
        for (String name : List.of("alpha", "beta")) {
            oldFile(
                    sessions,
                    new Session(
                            name,
                            "phi3",
                            null,
                            "sys " + name,
                            Map.of(),
                            t,
                            t,
                            List.of(Turn.user("hello " + name, null, t), Turn.assistant("hi " + name, t, false)),
                            null,
                            null,
                            null,
                            null));
        }
        Files.writeString(sessions.resolve("broken.json"), "{\"name\": \"broken\", \"messages\": [");
        Files.writeString(sessions.resolve(".alpha.json.123.tmp"), "a copy an interrupted save left");
        List<String> notes = new ArrayList<>();
        try (Database db = Database.open(dir.resolve("j.db"))) {
            SessionStore chats = new SessionStore(db);
            chats.save(
                    new Session(
                            "beta",
                            "llama3",
                            null,
                            null,
                            Map.of(),
                            t,
                            t,
                            List.of(Turn.user("already here", null, t)),
                            null,
                            null,
                            null,
                            null),
                    null);
            SessionImport.Result r = SessionImport.run(sessions, chats, notes::add);
            assertEquals(2, r.imported());
            assertEquals(List.of("broken"), r.leftAlone());
            assertEquals("hi alpha", chats.load("alpha").messages().get(1).content());
            assertEquals("sys alpha", chats.load("alpha").system());
            // a name the database has is never overwritten
            assertEquals("already here", chats.load("beta").messages().get(0).content());
            assertEquals(
                    "hello beta", chats.load("beta-imported").messages().get(0).content());
            assertFalse(Files.exists(sessions.resolve("alpha.json")));
            assertFalse(Files.exists(sessions.resolve(".alpha.json.123.tmp")));
            assertTrue(Files.exists(sessions.resolve("broken.json")), "a damaged file is left as it is");
            assertTrue(
                    notes.stream().anyMatch(n -> n.startsWith("not imported: ") && n.contains("broken")),
                    notes.toString());
            assertTrue(notes.stream().anyMatch(n -> n.startsWith("moved 2 saved chats")), notes.toString());
            // once: a second run finds nothing new to move
            notes.clear();
            assertEquals(0, SessionImport.run(sessions, chats, notes::add).imported());
        }
    }

    /** A chat file as jollama wrote them before the database: the session as indented JSON. */
    static void oldFile(Path sessions, Session s) throws java.io.IOException {
        Files.writeString(sessions.resolve(s.name() + ".json"), SessionStore.json(s));
    }

    @Test
    void twoJollamasStartingAtOnceImportEachChatOnce() throws Exception {
        Path sessions = dir.resolve("sessions");
        Files.createDirectories(sessions);
        Instant t = Instant.parse("2026-10-01T08:00:00Z");
        for (int i = 0; i < 30; i++) {
            oldFile(
                    sessions,
                    new Session(
                            "chat" + i,
                            "phi3",
                            null,
                            null,
                            Map.of(),
                            t,
                            t.plusSeconds(i),
                            List.of(Turn.user("hello " + i, null, t)),
                            null,
                            null,
                            null,
                            null));
        }
        try (Database a = Database.open(dir.resolve("j.db"));
                Database b = Database.open(dir.resolve("j.db"))) {
            var one = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> SessionImport.run(sessions, new SessionStore(a), n -> {}));
            var two = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> SessionImport.run(sessions, new SessionStore(b), n -> {}));
            one.get(60, java.util.concurrent.TimeUnit.SECONDS);
            two.get(60, java.util.concurrent.TimeUnit.SECONDS);
            SessionStore chats = new SessionStore(a);
            assertEquals(30, chats.count(), chats.names().toString());
            assertTrue(
                    chats.names().stream().noneMatch(n -> n.contains("imported")),
                    chats.names().toString());
            try (var left = Files.list(sessions)) {
                assertEquals(0, left.count());
            }
        }
    }
}
