package dev.jollama.core.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.storage.OwnFiles;
import dev.jollama.core.store.Database;
import dev.jollama.core.text.ByteSize;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The saved chats, in the database beside the log: a chat is a row of settings and one row per turn,
 * so a save after a turn writes that turn, not the whole chat again. Every save is one transaction
 * that first looks at the chat as it is now, so the same chat open in two terminals loses nothing:
 * when the other side only added turns, this side's new turns go after theirs; otherwise (a /retry, a
 * new system prompt) this side's chat goes on under a new name and the other's is left as it is. A
 * removed chat takes its turns, its log entries and their copies in the write-ahead log with it.
 */
public final class SessionStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** The settings row of a chat claimed by a chat that has not had a turn yet. */
    private static final String CLAIMED = "{}";

    // A message may be as long as a chat may be (a long paste, an image): what is saved reads back.
    private static final ObjectMapper ROWS = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxStringLength((int) OwnFiles.Kind.SESSION.limit())
                            .build())
                    .build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final ObjectMapper PRINTED = ROWS.copy().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A chat as this process last read or wrote it: what the next save compares the database with.
     *
     * @param rows the row of each turn, in order
     * @param written the JSON of each turn as it was read or written, to tell a changed turn
     * @param head the settings row as it was read or written
     */
    public record Saved(Session session, List<Long> rows, List<String> written, String head) {
        public Saved {
            rows = List.copyOf(rows);
            written = List.copyOf(written);
        }

        public String name() {
            return session.name();
        }
    }

    /**
     * What a save did: {@code saved} is the chat as it is now stored. {@code theirs} are the turns
     * another jollama added meanwhile, saved before this side's new ones (they go at {@code at} in this
     * side's conversation); {@code forkedFrom} is the name of a chat the other side changed otherwise,
     * left as it is while this one was saved under {@code saved.name()}.
     */
    public record Outcome(Saved saved, List<Turn> theirs, int at, String forkedFrom) {}

    /**
     * One line of a listing: what a user needs to pick a chat. {@code turns} counts the messages (its
     * name in --json since the start); {@code messages} is the same count by the name the table shows.
     */
    public record Summary(String name, String model, int turns, Instant updated, String problem) {
        @com.fasterxml.jackson.annotation.JsonProperty("messages")
        public int messages() {
            return turns;
        }
    }

    private final Supplier<Database> database;
    private final Path location;

    /**
     * @param database opened at the first use, so that a chat that never saves never loads SQLite
     * @param location the database's file, for messages
     */
    public SessionStore(Supplier<Database> database, Path location) {
        this.database = database;
        this.location = location;
    }

    public SessionStore(Database database) {
        this(() -> database, database.file());
    }

    /** Where the chats are kept, for messages. */
    public Path location() {
        return location;
    }

    /**
     * Saves {@code mine}, built on {@code base} (what this process last read or wrote of the chat, or
     * null for a chat new under this name, which must then not be saved already).
     */
    public Outcome save(Session mine, Saved base) {
        checkName(mine.name());
        if (base != null && !base.name().equals(mine.name())) {
            throw new IllegalArgumentException("a save builds on the same chat: " + base.name() + ", " + mine.name());
        }
        List<Turn> turns = mine.messages() == null ? List.of() : mine.messages();
        List<String> json = new ArrayList<>(turns.size());
        long size = 0;
        for (Turn t : turns) {
            String row = write(t);
            json.add(row);
            size += row.length();
        }
        if (size > OwnFiles.Kind.SESSION.limit()) {
            // Stored, it could not be read back: keep the last version that can.
            throw new InvalidInputException("the chat is larger than " + ByteSize.human(OwnFiles.Kind.SESSION.limit())
                    + ", the most jollama reads back; the previous version is kept (start a new chat, /clear)");
        }
        return database.get().write(c -> {
            Stored now = stored(c, mine.name());
            if (base == null) {
                if (now != null && !now.claimed()) {
                    throw new InvalidInputException("a chat named " + mine.name() + " is saved already (" + location
                            + "): it is left as it is; pick another name");
                }
                return new Outcome(writeOver(c, mine, json, now), List.of(), 0, null);
            }
            if (now == null) {
                return new Outcome(writeOver(c, mine, json, null), List.of(), 0, null); // removed meanwhile
            }
            if (now.same(base)) {
                return new Outcome(update(c, now.id(), mine, json, base), List.of(), 0, null);
            }
            if (onlyAdded(base, now, turns, json)) {
                int at = base.rows().size();
                List<Turn> added = new ArrayList<>();
                for (int i = at; i < now.written().size(); i++) {
                    added.add(read(now.written().get(i), Turn.class, mine.name()));
                }
                List<Turn> merged = new ArrayList<>(added.size() + turns.size());
                merged.addAll(turns.subList(0, at));
                merged.addAll(added);
                merged.addAll(turns.subList(at, turns.size()));
                List<String> mergedJson = new ArrayList<>(now.written());
                mergedJson.addAll(json.subList(at, json.size()));
                Saved theirs = new Saved(now.session(mine.name()), now.rows(), now.written(), now.head());
                Saved saved = update(c, now.id(), mine.withMessages(List.copyOf(merged)), mergedJson, theirs);
                return new Outcome(saved, List.copyOf(added), at, null);
            }
            String fork = claim(c, mine.name(), mine.model());
            Session forked = mine.withName(fork);
            return new Outcome(writeOver(c, forked, json, stored(c, fork)), List.of(), 0, mine.name());
        });
    }

    /**
     * Stores a chat brought in from elsewhere (a file of an earlier jollama) in one transaction: under
     * its own name, or {@code NAME-imported} when that is taken by another chat; nothing when the chat
     * stored under its name is this one already (another jollama brought it in first). Returns the name
     * it is stored under.
     */
    public String adopt(Session chat) {
        checkName(chat.name());
        List<String> json = new ArrayList<>();
        for (Turn t : chat.messages() == null ? List.<Turn>of() : chat.messages()) {
            json.add(write(t));
        }
        String head = write(chat.withName(null).withMessages(null));
        return database.get().write(c -> {
            Stored now = stored(c, chat.name());
            if (now == null || now.claimed()) {
                writeOver(c, chat, json, now);
                return chat.name();
            }
            if (now.head().equals(head) && now.written().equals(json)) {
                return chat.name();
            }
            String name = claim(c, chat.name() + "-imported", chat.model());
            writeOver(c, chat.withName(name), json, stored(c, name));
            return name;
        });
    }

    /** A saved chat with what its next save compares the database with. */
    public Saved open(String name) {
        checkName(name);
        return database.get().read(c -> {
            Stored now = stored(c, name);
            if (now == null) {
                throw missing(name);
            }
            if (now.claimed()) {
                throw new InvalidInputException("chat '" + name + "' has no messages yet");
            }
            Session head = now.session(name);
            List<Turn> turns = new ArrayList<>(now.written().size());
            for (String row : now.written()) {
                turns.add(read(row, Turn.class, name));
            }
            return new Saved(head.withMessages(turns), now.rows(), now.written(), now.head());
        });
    }

    /** A saved chat as it is stored. */
    public Session load(String name) {
        return open(name).session();
    }

    /**
     * After a chat was saved under {@code newName}: removes it under its old name, and its turns' log
     * entries go with it to the new one, unless another jollama changed it since {@code base} — then it
     * is someone's chat, and stays as it is.
     */
    public boolean moved(Saved base, String newName) {
        checkName(newName);
        boolean removed = database.get().write(c -> {
            Stored now = stored(c, base.name());
            if (now == null || !now.same(base)) {
                return false;
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE entries SET chat = ? WHERE chat = ?")) {
                s.setString(1, newName);
                s.setString(2, base.name());
                s.executeUpdate();
            }
            return remove(c, base.name());
        });
        if (removed) {
            database.get().checkpoint();
        }
        return removed;
    }

    /**
     * Claims a new, unused name starting with {@code base} ({@code base}, then {@code base-2}, {@code
     * base-3}…) with an empty chat, so a chat started in another terminal at the same second gets
     * another name. It is listed from its first save.
     */
    public String claim(String base) {
        checkName(base);
        return database.get().write(c -> claim(c, base, null));
    }

    /**
     * Deletes a saved chat, its turns and its turns' log entries; SQLite's secure delete overwrites
     * them in the file, and the write-ahead log is emptied of them. False when there was no such chat.
     */
    public boolean delete(String name) {
        checkName(name);
        boolean removed = database.get().write(c -> remove(c, name));
        if (removed) {
            database.get().checkpoint();
        }
        return removed;
    }

    /** Every saved chat, most recently used first (in one second: the one whose turn was written last). */
    public List<Summary> list() {
        return list(Integer.MAX_VALUE);
    }

    /** The {@code limit} most recently used chats. */
    public List<Summary> list(int limit) {
        return database.get().read(c -> {
            List<Summary> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    """
                    SELECT c.name, c.model, c.updated, (SELECT count(*) FROM messages m WHERE m.chat_id = c.id)
                    FROM chats c WHERE c.session <> '{}'
                    ORDER BY c.updated DESC, (SELECT max(m.id) FROM messages m WHERE m.chat_id = c.id) DESC, c.id DESC
                    LIMIT ?""")) {
                s.setInt(1, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Summary(
                                r.getString(1), r.getString(2), r.getInt(4), Instant.ofEpochMilli(r.getLong(3)), null));
                    }
                }
            }
            return out;
        });
    }

    /** Saved chat names, most recently used first. */
    public List<String> names() {
        return list().stream().map(Summary::name).toList();
    }

    /** How many chats are saved. */
    public int count() {
        return database.get().read(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT count(*) FROM chats WHERE session <> '{}'")) {
                return r.next() ? r.getInt(1) : 0;
            }
        });
    }

    public Optional<String> latest() {
        return list(1).stream().map(Summary::name).findFirst();
    }

    /** Whether the name is taken: by a saved chat, or one claimed that has not had a turn yet. */
    public boolean exists(String name) {
        checkName(name);
        return database.get().read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM chats WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    /** A session or a listing as JSON, with dates as ISO-8601 text: for {@code --json}. */
    public static String json(Object value) {
        try {
            return PRINTED.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A chat as stored now: its settings row and its turns' rows. */
    private record Stored(long id, String head, List<Long> rows, List<String> written) {
        boolean claimed() {
            return CLAIMED.equals(head) && rows.isEmpty();
        }

        /** Unchanged since {@code base} was read or written. */
        boolean same(Saved base) {
            return head.equals(base.head()) && rows.equals(base.rows()) && written.equals(base.written());
        }

        Session session(String name) throws SQLException {
            return CLAIMED.equals(head)
                    ? new Session(name, null, null, null, null, null, null, List.of(), null, null, null, null)
                    : read(head, Session.class, name).withName(name);
        }
    }

    private static Stored stored(Connection c, String name) throws SQLException {
        long id;
        String head;
        try (PreparedStatement s = c.prepareStatement("SELECT id, session FROM chats WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                id = r.getLong(1);
                head = r.getString(2);
            }
        }
        List<Long> rows = new ArrayList<>();
        List<String> written = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, turn FROM messages WHERE chat_id = ? ORDER BY seq")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getLong(1));
                    written.add(r.getString(2));
                }
            }
        }
        return new Stored(id, head, rows, written);
    }

    /**
     * Whether, since {@code base}, the other side only added turns (its settings unchanged) and this
     * side only added turns.
     */
    private static boolean onlyAdded(Saved base, Stored now, List<Turn> mine, List<String> mineJson)
            throws SQLException {
        int was = base.rows().size();
        List<Turn> before =
                base.session().messages() == null ? List.of() : base.session().messages();
        if (now.rows().size() < was || mine.size() < was || before.size() != was || CLAIMED.equals(now.head())) {
            return false;
        }
        if (!now.rows().subList(0, was).equals(base.rows())
                || !now.written().subList(0, was).equals(base.written())) {
            return false;
        }
        for (int i = 0; i < was; i++) {
            // The same turn object, or one that writes the same: this side did not change it.
            if (mine.get(i) != before.get(i) && !mineJson.get(i).equals(write(before.get(i)))) {
                return false;
            }
        }
        return settings(read(now.head(), Session.class, base.name())).equals(settings(base.session()));
    }

    private static List<Object> settings(Session s) {
        return Arrays.asList(s.model(), s.profile(), s.system(), s.options(), s.think(), s.truncate());
    }

    /** Writes {@code session} whole over what {@code now} holds (null: nothing yet). */
    private static Saved writeOver(Connection c, Session session, List<String> json, Stored now) throws SQLException {
        long id;
        if (now == null) {
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO chats (name, model, updated, session) VALUES (?, ?, 0, '{}')")) {
                s.setString(1, session.name());
                s.setString(2, session.model());
                s.executeUpdate();
            }
            id = lastRow(c);
        } else {
            id = now.id();
            try (PreparedStatement s = c.prepareStatement("DELETE FROM messages WHERE chat_id = ?")) {
                s.setLong(1, id);
                s.executeUpdate();
            }
        }
        return update(c, id, session, json, new Saved(session.withMessages(List.of()), List.of(), List.of(), ""));
    }

    /** Writes what changed since {@code before}, which is what the database holds now. */
    private static Saved update(Connection c, long chat, Session session, List<String> json, Saved before)
            throws SQLException {
        String head = write(session.withName(null).withMessages(null));
        try (PreparedStatement s =
                c.prepareStatement("UPDATE chats SET model = ?, updated = ?, session = ? WHERE id = ?")) {
            s.setString(1, session.model());
            s.setLong(2, (session.updated() == null ? Instant.now() : session.updated()).toEpochMilli());
            s.setString(3, head);
            s.setLong(4, chat);
            s.executeUpdate();
        }
        List<Long> rows = new ArrayList<>(json.size());
        int kept = Math.min(before.rows().size(), json.size());
        for (int i = 0; i < kept; i++) {
            long row = before.rows().get(i);
            if (!json.get(i).equals(before.written().get(i))) {
                try (PreparedStatement s = c.prepareStatement("UPDATE messages SET turn = ? WHERE id = ?")) {
                    s.setString(1, json.get(i));
                    s.setLong(2, row);
                    s.executeUpdate();
                }
            }
            rows.add(row);
        }
        for (int i = kept; i < before.rows().size(); i++) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM messages WHERE id = ?")) {
                s.setLong(1, before.rows().get(i));
                s.executeUpdate();
            }
        }
        for (int i = kept; i < json.size(); i++) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO messages (chat_id, seq, turn) VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM"
                            + " messages WHERE chat_id = ?), ?)")) {
                s.setLong(1, chat);
                s.setLong(2, chat);
                s.setString(3, json.get(i));
                s.executeUpdate();
            }
            rows.add(lastRow(c));
        }
        return new Saved(session, rows, json, head);
    }

    private static String claim(Connection c, String base, String model) throws SQLException {
        for (int n = 1; n < 10_000; n++) {
            String name = n == 1 ? base : base + "-" + n;
            if (name.length() > 64) {
                break;
            }
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
    }

    private static boolean remove(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM entries WHERE chat = ?")) {
            s.setString(1, name);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM chats WHERE name = ?")) {
            s.setString(1, name);
            return s.executeUpdate() == 1;
        }
    }

    private static long lastRow(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT last_insert_rowid()")) {
            r.next();
            return r.getLong(1);
        }
    }

    private InvalidInputException missing(String name) {
        return new InvalidInputException("no saved chat '" + name + "' (`jollama sessions` lists them)");
    }

    private static String write(Object value) {
        try {
            return ROWS.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, Class<T> type, String chat) throws SQLException {
        try {
            return ROWS.readValue(json, type);
        } catch (JsonProcessingException e) {
            // Reported as the database's problem, naming the chat: it is left as it is.
            throw new SQLException("chat '" + chat + "' holds a row that does not read: " + e.getOriginalMessage());
        }
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("session name '" + name
                    + "' may use letters, digits, '.', '_' and '-', and starts with a letter or digit");
        }
    }

    @Override
    public String toString() {
        return "chats in " + Objects.toString(location);
    }
}
