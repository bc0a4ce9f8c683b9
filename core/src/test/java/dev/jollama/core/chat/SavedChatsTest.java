package dev.jollama.core.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.store.Database;
import dev.jollama.core.store.ExchangeLog;
import dev.jollama.core.store.LogEntry;
import dev.jollama.core.store.LogQuery;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedChatsTest {

    @TempDir
    Path dir;

    static Session session(String name, List<Turn> turns) {
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        return new Session(
                name,
                "phi3",
                null,
                "be brief",
                Map.of("temperature", 0.5),
                t,
                Instant.now(),
                turns,
                null,
                null,
                null,
                null);
    }

    @Test
    void savesLoadsAndWritesOnlyWhatChanged() {
        try (Database db = Database.open(dir.resolve("j.db"))) {
            SavedChats chats = new SavedChats(db);
            String name = chats.claim("chat", "phi3");
            assertEquals("chat", name);
            assertEquals("chat-2", chats.claim("chat", "phi3"));
            List<Turn> turns = new ArrayList<>(List.of(Turn.user("hi", null, Instant.now())));
            SavedChats.Saved s1 = chats.save(session(name, turns), null);
            turns.add(Turn.assistant("hello", Instant.now(), false));
            SavedChats.Saved s2 = chats.save(session(name, turns), s1.handle());
            assertEquals(s1.handle().rows().get(0), s2.handle().rows().get(0));
            assertEquals(0, s2.othersTurns());
            SavedChats.Loaded loaded = chats.load(name);
            assertEquals(2, loaded.session().messages().size());
            assertEquals("hello", loaded.session().messages().get(1).content());
            assertEquals("be brief", loaded.session().system());
            assertEquals(0.5, loaded.session().options().get("temperature"));
            // a changed turn is rewritten in place, a removed one goes
            turns.set(1, turns.get(1).asInterrupted());
            turns.add(Turn.user("again", null, Instant.now()));
            SavedChats.Saved s3 = chats.save(session(name, turns), loaded.handle());
            turns.remove(2);
            chats.save(session(name, turns), s3.handle());
            List<Turn> back = chats.load(name).session().messages();
            assertEquals(2, back.size());
            assertTrue(back.get(1).interrupted());
            assertEquals(List.of("chat"), chats.names());
        }
    }

    @Test
    void twoWritersOnOneChatKeepEveryTurn() {
        try (Database a = Database.open(dir.resolve("j.db"));
                Database b = Database.open(dir.resolve("j.db"))) {
            SavedChats ca = new SavedChats(a);
            SavedChats cb = new SavedChats(b);
            List<Turn> base = List.of(Turn.user("start", null, Instant.now()));
            SavedChats.Saved first = ca.save(session("same", base), null);
            SavedChats.Loaded other = cb.load("same");
            List<Turn> ta = new ArrayList<>(base);
            List<Turn> tb = new ArrayList<>(other.session().messages());
            SavedChats.Handle ha = first.handle();
            SavedChats.Handle hb = other.handle();
            for (int i = 0; i < 5; i++) {
                ta.add(Turn.user("a" + i, null, Instant.now()));
                ha = ca.save(session("same", ta), ha).handle();
                tb.add(Turn.user("b" + i, null, Instant.now()));
                SavedChats.Saved sb = cb.save(session("same", tb), hb);
                hb = sb.handle();
                assertEquals(i + 1, sb.othersTurns());
            }
            List<String> all = ca.load("same").session().messages().stream()
                    .map(Turn::content)
                    .toList();
            assertEquals(11, all.size());
            for (int i = 0; i < 5; i++) {
                assertTrue(all.contains("a" + i) && all.contains("b" + i), all.toString());
            }
        }
    }

    @Test
    void removingAChatRemovesItsTurnsAndItsLogEntries() throws Exception {
        Path file = dir.resolve("j.db");
        try (Database db = Database.open(file)) {
            SavedChats chats = new SavedChats(db);
            chats.save(session("secret", List.of(Turn.user("the launch code is zebra42", null, Instant.now()))), null);
            new ExchangeLog(db)
                    .add(new LogEntry(
                            null,
                            Instant.now(),
                            "chat",
                            null,
                            "ollama",
                            "phi3",
                            null,
                            null,
                            null,
                            "the launch code is zebra42",
                            List.of(),
                            "secret",
                            "noted",
                            null,
                            null,
                            null,
                            null,
                            null,
                            0,
                            null,
                            null));
            assertTrue(chats.delete("secret"));
            assertFalse(chats.exists("secret"));
            assertFalse(chats.delete("secret"));
            assertEquals(
                    0,
                    new ExchangeLog(db)
                            .find(new LogQuery("zebra42", null, null, null, 5), "", "")
                            .size());
            assertThrows(InvalidInputException.class, () -> chats.load("secret"));
        }
        // secure delete and an emptied write-ahead log: the words are nowhere in the files
        for (File f : dir.toFile().listFiles()) {
            assertFalse(
                    new String(Files.readAllBytes(f.toPath()), java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains("zebra42"),
                    f + " still holds the removed chat's text");
        }
    }
}
