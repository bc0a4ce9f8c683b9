package dev.jollama.core.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Saved chats in jollama's database: a row per chat (its settings as the session JSON without the
 * turns) and a row per turn. A save writes only what this process changed, in one transaction:
 * turns it wrote before and then changed are updated, its new turns are appended after whatever is
 * there. Two processes on one chat therefore both keep every turn; each is told when the other
 * added some.
 */
public final class SavedChats {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Database db;

    public SavedChats(Database db) {
        this.db = db;
    }

    /**
     * What this process has stored of a chat: the row of each of its turns and the JSON it wrote
     * there, to tell a changed turn from an unchanged one and its own turns from another process's.
     */
    public record Handle(String name, List<Long> rows, List<String> written) {
        public Handle {
            rows = List.copyOf(rows);
            written = List.copyOf(written);
        }

        static Handle empty(String name) {
            return new Handle(name, List.of(), List.of());
        }
    }

    /** A chat as loaded, with what the next save needs. */
    public record Loaded(Session session, Handle handle) {}

    /**
     * How a save went: the handle for the next one, and how many turns of the chat another process
     * added that this one has not seen.
     */
    public record Saved(Handle handle, int othersTurns) {}

    /**
     * Claims {@code base} ({@code base-2}, {@code base-3}… when taken) with an empty chat, so a chat
     * started in another terminal at the same second gets another name.
     */
    public String claim(String base, String model) {
        return db.write(c -> {
            for (int n = 1; n < 10_000; n++) {
                String name = n == 1 ? base : base + "-" + n;
                try (PreparedStatement s =
                        c.prepareStatement("INSERT INTO chats (name, model, updated, session) VALUES (?, ?, ?, '{}')"
                                + " ON CONFLICT (name) DO NOTHING")) {
                    s.setString(1, name);
                    s.setString(2, model);
                    s.setLong(3, Instant.now().toEpochMilli());
                    if (s.executeUpdate() == 1) {
                        return name;
                    }
                }
            }
            throw new InvalidInputException("no free chat name for " + base);
        });
    }

    /** Saves {@code session} on top of what {@code handle} says this process stored before. */
    public Saved save(Session session, Handle handle) {
        Handle before = handle == null || !handle.name().equals(session.name()) ? Handle.empty(session.name()) : handle;
        List<Turn> turns = session.messages() == null ? List.of() : session.messages();
        List<String> json = new ArrayList<>();
        for (Turn t : turns) {
            json.add(write(t));
        }
        String head = write(session.withMessages(null));
        return db.write(c -> {
            long chat = upsert(c, session, head);
            List<Long> rows = new ArrayList<>();
            List<String> written = new ArrayList<>();
            int mine = Math.min(before.rows().size(), turns.size());
            java.util.Set<Long> present = rowsOf(c, chat);
            for (int i = 0; i < mine; i++) {
                long row = before.rows().get(i);
                if (!present.contains(row)) {
                    row = append(c, chat, json.get(i)); // removed meanwhile (sessions rm, then a new chat)
                } else if (!json.get(i).equals(before.written().get(i))) {
                    update(c, row, json.get(i));
                }
                rows.add(row);
                written.add(json.get(i));
            }
            for (int i = turns.size(); i < before.rows().size(); i++) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM messages WHERE id = ? AND chat_id = ?")) {
                    s.setLong(1, before.rows().get(i));
                    s.setLong(2, chat);
                    s.executeUpdate();
                }
            }
            for (int i = mine; i < turns.size(); i++) {
                rows.add(append(c, chat, json.get(i)));
                written.add(json.get(i));
            }
            int all = count(c, chat);
            return new Saved(new Handle(session.name(), rows, written), all - rows.size());
        });
    }

    public Loaded load(String name) {
        return db.read(c -> {
            String head;
            long chat;
            try (PreparedStatement s = c.prepareStatement("SELECT id, session FROM chats WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new InvalidInputException("no saved chat '" + name + "' (`jollama sessions` lists them)");
                    }
                    chat = r.getLong(1);
                    head = r.getString(2);
                }
            }
            if ("{}".equals(head)) {
                throw new InvalidInputException("chat '" + name + "' has no messages yet");
            }
            List<Turn> turns = new ArrayList<>();
            List<Long> rows = new ArrayList<>();
            List<String> written = new ArrayList<>();
            try (PreparedStatement s =
                    c.prepareStatement("SELECT id, turn FROM messages WHERE chat_id = ? ORDER BY seq")) {
                s.setLong(1, chat);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rows.add(r.getLong(1));
                        written.add(r.getString(2));
                        turns.add(read(r.getString(2), Turn.class, name));
                    }
                }
            }
            Session h = read(head, Session.class, name);
            Session session = h.withName(name).withMessages(turns);
            return new Loaded(session, new Handle(name, rows, written));
        });
    }

    public boolean exists(String name) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM chats WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    /** Removes a chat, its turns and its log entries, and empties the write-ahead log of them. */
    public boolean delete(String name) {
        boolean removed = db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM entries WHERE chat = ?")) {
                s.setString(1, name);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM chats WHERE name = ?")) {
                s.setString(1, name);
                return s.executeUpdate() == 1;
            }
        });
        if (removed) {
            db.checkpoint();
        }
        return removed;
    }

    /** Every saved chat with a turn, most recently updated first, at most {@code limit}. */
    public List<SessionStore.Summary> list(int limit) {
        return db.read(c -> {
            List<SessionStore.Summary> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    """
                    SELECT c.name, c.model, c.updated, (SELECT count(*) FROM messages m WHERE m.chat_id = c.id)
                    FROM chats c WHERE c.session <> '{}' ORDER BY c.updated DESC, c.id DESC LIMIT ?""")) {
                s.setInt(1, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new SessionStore.Summary(
                                r.getString(1), r.getString(2), r.getInt(4), Instant.ofEpochMilli(r.getLong(3)), null));
                    }
                }
            }
            return out;
        });
    }

    public List<String> names() {
        return list(Integer.MAX_VALUE).stream().map(SessionStore.Summary::name).toList();
    }

    public Optional<String> latest() {
        return list(1).stream().map(SessionStore.Summary::name).findFirst();
    }

    private static long upsert(Connection c, Session session, String head) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                """
                INSERT INTO chats (name, model, updated, session) VALUES (?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET model = excluded.model, updated = excluded.updated,
                  session = excluded.session""")) {
            s.setString(1, session.name());
            s.setString(2, session.model());
            s.setLong(3, (session.updated() == null ? Instant.now() : session.updated()).toEpochMilli());
            s.setString(4, head);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM chats WHERE name = ?")) {
            s.setString(1, session.name());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static long append(Connection c, long chat, String turn) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO messages (chat_id, seq, turn) VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM"
                        + " messages WHERE chat_id = ?), ?)")) {
            s.setLong(1, chat);
            s.setLong(2, chat);
            s.setString(3, turn);
            s.executeUpdate();
        }
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT last_insert_rowid()")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void update(Connection c, long row, String turn) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE messages SET turn = ? WHERE id = ?")) {
            s.setString(1, turn);
            s.setLong(2, row);
            s.executeUpdate();
        }
    }

    private static java.util.Set<Long> rowsOf(Connection c, long chat) throws SQLException {
        java.util.Set<Long> rows = new java.util.HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM messages WHERE chat_id = ?")) {
            s.setLong(1, chat);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getLong(1));
                }
            }
        }
        return rows;
    }

    private static int count(Connection c, long chat) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM messages WHERE chat_id = ?")) {
            s.setLong(1, chat);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, Class<T> type, String chat) throws SQLException {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("chat '" + chat + "' holds a row that does not read: " + e.getOriginalMessage());
        }
    }
}
