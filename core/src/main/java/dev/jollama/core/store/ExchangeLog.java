package dev.jollama.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.daemon.ChatMessage;
import dev.jollama.core.daemon.RequestJson;
import dev.jollama.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The log of every exchange: written once per answer (after it was printed), read by
 * {@code jollama logs}, {@code run --continue} and the search. Entries of a chat go when the chat
 * goes.
 */
public final class ExchangeLog {

    /**
     * Entries are written with Jackson's generator alone, in the request's own shape: a {@code run}
     * that logs must not load databind (tens of milliseconds) after its answer. Reading them back
     * ({@code jollama logs}) may.
     */
    private static final RequestJson WRITER = new RequestJson(Json.tokens());

    private final Database db;

    public ExchangeLog(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    void close() {
        db.close();
    }

    /** The columns of an entry's row, in the order {@link #row} gives their values. */
    static final String[] COLUMNS = {
        "time",
        "command",
        "host",
        "engine",
        "model",
        "profile",
        "system",
        "options",
        "prompt",
        "messages",
        "chat",
        "answer",
        "thinking",
        "tools",
        "prompt_tokens",
        "answer_tokens",
        "duration_ms",
        "exit_code",
        "error",
        "count"
    };

    private static final String INSERT = "INSERT OR IGNORE INTO entries (ref, " + String.join(", ", COLUMNS)
            + ") VALUES (?" + ", ?".repeat(COLUMNS.length) + ")";

    /**
     * An entry as the values of its row: text, numbers (Long) or null, the options and messages as the
     * JSON they are stored as. The one mapping for a write now and for a line of the {@link
     * LogJournal} written to the database later.
     */
    static Object[] row(LogEntry e) {
        return new Object[] {
            (e.time() == null ? Instant.now() : e.time()).toEpochMilli(),
            e.command(),
            e.host(),
            e.engine(),
            e.model(),
            e.profile(),
            e.system(),
            e.options().isEmpty() ? null : json(e.options()),
            e.prompt(),
            e.messages().isEmpty() ? null : json(withoutImageBytes(e.messages())),
            e.chat(),
            e.answer(),
            e.thinking(),
            e.tools(),
            e.promptTokens() == null ? null : e.promptTokens().longValue(),
            e.answerTokens() == null ? null : e.answerTokens().longValue(),
            e.durationMillis(),
            (long) e.exitCode(),
            e.error(),
            e.count() == null ? null : e.count().longValue()
        };
    }

    /** Stores one entry in its own transaction and returns it with its id. */
    public LogEntry add(LogEntry e) {
        long id = db.write(c -> insert(c, null, row(e)));
        return e.withId(id);
    }

    /**
     * Inserts a row; one whose {@code ref} is stored already (a journal line moved in before, by a
     * jollama that stopped before it could empty the journal) is left out. Returns the new row's id.
     */
    static long insert(java.sql.Connection c, String ref, Object[] values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setString(1, ref);
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                if (v == null) {
                    s.setNull(i + 2, Types.NULL);
                } else if (v instanceof Long n) {
                    s.setLong(i + 2, n);
                } else {
                    s.setString(i + 2, (String) v);
                }
            }
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT last_insert_rowid()");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /** An entry found, with the part of it that matched ({@code open}/{@code close} around the words). */
    public record Found(LogEntry entry, String snippet) {}

    /** The newest entries matching {@code q}, newest first. */
    public List<Found> find(LogQuery q, String open, String close) {
        StringBuilder sql = new StringBuilder("SELECT e.*");
        List<Object> args = new ArrayList<>();
        if (q.text() != null) {
            sql.append(", snippet(entries_text, -1, ?, ?, '…', 16) AS snip"
                    + " FROM entries_text JOIN entries e ON e.id = entries_text.rowid");
            args.add(open);
            args.add(close);
        } else {
            sql.append(", NULL AS snip FROM entries e");
        }
        sql.append(" WHERE 1 = 1");
        if (q.text() != null) {
            sql.append(" AND entries_text MATCH ?");
            args.add(matchExpression(q.text()));
        }
        if (q.model() != null) {
            // llama3.2 and llama3.2:latest are one model to Ollama, and to a user reading jollama list.
            String bare = q.model().endsWith(":latest")
                    ? q.model().substring(0, q.model().length() - ":latest".length())
                    : q.model();
            sql.append(" AND e.model IN (?, ?)");
            args.add(bare);
            args.add(bare + ":latest");
        }
        if (q.since() != null) {
            sql.append(" AND e.time >= ?");
            args.add(q.since().toEpochMilli());
        }
        if (q.chat() != null) {
            sql.append(" AND e.chat = ?");
            args.add(q.chat());
        }
        // Newest first by id, the order entries were written in: FTS5 walks its index backwards for
        // that and stops at the limit, where sorting by time would rank every match first.
        sql.append(q.text() != null ? " ORDER BY entries_text.rowid DESC LIMIT ?" : " ORDER BY e.id DESC LIMIT ?");
        args.add(Math.max(0, q.limit()));
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    s.setObject(i + 1, args.get(i));
                }
                List<Found> found = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        found.add(new Found(entry(r), r.getString("snip")));
                    }
                }
                return found;
            }
        });
    }

    /** The newest entry of {@code command} (e.g. run) that was answered, for {@code run --continue}. */
    public Optional<LogEntry> lastAnswered(String command) {
        return db.read(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT e.* FROM entries e WHERE command = ? AND exit_code = 0"
                            + " AND answer IS NOT NULL ORDER BY time DESC, id DESC LIMIT 1")) {
                s.setString(1, command);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(entry(r)) : Optional.<LogEntry>empty();
                }
            }
        });
    }

    /** Removes entries older than {@code before} (all with null) and returns how many. */
    public int remove(Instant before) {
        int n = db.write(c -> {
            try (PreparedStatement s =
                    c.prepareStatement(before == null ? "DELETE FROM entries" : "DELETE FROM entries WHERE time < ?")) {
                if (before != null) {
                    s.setLong(1, before.toEpochMilli());
                }
                return s.executeUpdate();
            }
        });
        db.checkpoint();
        return n;
    }

    /** Removes the entries of a saved chat (when the chat goes) and returns how many. */
    public int removeChat(String chat) {
        int n = db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM entries WHERE chat = ?")) {
                s.setString(1, chat);
                return s.executeUpdate();
            }
        });
        if (n > 0) {
            db.checkpoint();
        }
        return n;
    }

    public long count() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM entries");
                    ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    /** Whether logging is on, as {@code logs off|on} left it (on when never said). */
    public boolean enabled() {
        return switchOf(db.file()).on();
    }

    public void enable(boolean on) {
        switchOf(db.file()).set(on);
    }

    /** {@code logs off}: a file beside the database, so that a command sees it without opening SQLite. */
    public static LogSwitch switchOf(java.nio.file.Path database) {
        return new LogSwitch(database.resolveSibling(database.getFileName() + "-off"));
    }

    /**
     * The words of a search as FTS5 strings, so text people type (c++, don't, a-b) is never read as
     * FTS5 syntax: every word must appear, a trailing {@code *} makes it a prefix, quotes a phrase.
     */
    static String matchExpression(String text) {
        List<String> terms = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inQuote = false;
        for (int i = 0; i <= text.length(); i++) {
            char ch = i < text.length() ? text.charAt(i) : ' ';
            if (ch == '"') {
                inQuote = !inQuote;
                if (!inQuote) {
                    terms.add(term(word.toString(), false));
                    word.setLength(0);
                }
            } else if (Character.isWhitespace(ch) && !inQuote) {
                if (!word.isEmpty()) {
                    String w = word.toString();
                    boolean prefix = w.endsWith("*") && w.length() > 1;
                    terms.add(term(prefix ? w.substring(0, w.length() - 1) : w, prefix));
                    word.setLength(0);
                }
            } else {
                word.append(ch);
            }
        }
        if (inQuote && !word.toString().isBlank()) {
            terms.add(term(word.toString().strip(), false));
        }
        terms.removeIf(t -> t.equals("\"\""));
        return terms.isEmpty() ? "\"\"" : String.join(" ", terms);
    }

    private static String term(String w, boolean prefix) {
        return "\"" + w.replace("\"", "\"\"") + "\"" + (prefix ? "*" : "");
    }

    private static LogEntry entry(ResultSet r) throws SQLException {
        String messages = r.getString("messages");
        String options = r.getString("options");
        try {
            return new LogEntry(
                    r.getLong("id"),
                    Instant.ofEpochMilli(r.getLong("time")),
                    r.getString("command"),
                    r.getString("host"),
                    r.getString("engine"),
                    r.getString("model"),
                    r.getString("profile"),
                    r.getString("system"),
                    options == null ? Map.of() : Reading.options(options),
                    r.getString("prompt"),
                    messages == null ? List.of() : Reading.messages(messages),
                    r.getString("chat"),
                    r.getString("answer"),
                    r.getString("thinking"),
                    r.getString("tools"),
                    intOrNull(r, "prompt_tokens"),
                    intOrNull(r, "answer_tokens"),
                    longOrNull(r, "duration_ms"),
                    r.getInt("exit_code"),
                    r.getString("error"),
                    intOrNull(r, "count"));
        } catch (JsonProcessingException e) {
            throw new SQLException(
                    "entry " + r.getLong("id") + " holds JSON that does not read: " + e.getOriginalMessage());
        }
    }

    private static Integer intOrNull(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : (int) v;
    }

    private static Long longOrNull(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : v;
    }

    public static String json(Object value) {
        return new String(WRITER.write(value), StandardCharsets.UTF_8);
    }

    /**
     * One entry as a line of JSON for {@code jollama logs --json}: snake_case like the rest of
     * jollama's JSON, nulls left out, {@code tools} as the JSON it was stored as.
     */
    public static String jsonLine(LogEntry e) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = Json.tokens().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("id", e.id());
            g.writeStringField("time", e.time().toString());
            g.writeStringField("command", e.command());
            field(g, "host", e.host());
            field(g, "engine", e.engine());
            field(g, "model", e.model());
            field(g, "profile", e.profile());
            field(g, "chat", e.chat());
            field(g, "system", e.system());
            if (!e.options().isEmpty()) {
                g.writeFieldName("options");
                g.writeRawValue(json(e.options()));
            }
            field(g, "prompt", e.prompt());
            if (!e.messages().isEmpty()) {
                g.writeFieldName("messages");
                g.writeRawValue(json(e.messages()));
            }
            field(g, "answer", e.answer());
            field(g, "thinking", e.thinking());
            if (e.tools() != null) {
                g.writeFieldName("tools");
                g.writeRawValue(e.tools());
            }
            number(g, "prompt_tokens", e.promptTokens());
            number(g, "answer_tokens", e.answerTokens());
            number(g, "duration_ms", e.durationMillis());
            g.writeNumberField("exit_code", e.exitCode());
            field(g, "error", e.error());
            number(g, "count", e.count());
            g.writeEndObject();
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
        return out.toString();
    }

    private static void field(com.fasterxml.jackson.core.JsonGenerator g, String name, String value)
            throws java.io.IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void number(com.fasterxml.jackson.core.JsonGenerator g, String name, Number value)
            throws java.io.IOException {
        if (value != null) {
            g.writeNumberField(name, value.longValue());
        }
    }

    /** Databind for reading entries back, loaded only by the commands that do. */
    private static final class Reading {
        private static final TypeReference<Map<String, Object>> OPTIONS = new TypeReference<>() {};

        static Map<String, Object> options(String json) throws JsonProcessingException {
            return Json.wire().readValue(json, OPTIONS);
        }

        /** Role, text and images of each message: what {@code run --continue} sends again. */
        static List<ChatMessage> messages(String json) throws JsonProcessingException {
            List<ChatMessage> out = new ArrayList<>();
            for (JsonNode m : Json.wire().readTree(json)) {
                List<String> images = null;
                if (m.path("images").isArray()) {
                    images = new ArrayList<>();
                    for (JsonNode i : m.path("images")) {
                        images.add(i.asText());
                    }
                }
                out.add(new ChatMessage(
                        m.path("role").asText(),
                        m.path("content").asText(""),
                        null,
                        images,
                        null,
                        m.path("tool_name").isMissingNode()
                                ? null
                                : m.path("tool_name").asText(),
                        m.path("tool_call_id").isMissingNode()
                                ? null
                                : m.path("tool_call_id").asText()));
            }
            return out;
        }
    }

    /** Images are kept as digests: the log is for reading and searching, not a copy of every photo. */
    private static List<ChatMessage> withoutImageBytes(List<ChatMessage> messages) {
        return messages.stream()
                .map(m -> m.images() == null || m.images().isEmpty()
                        ? m
                        : new ChatMessage(
                                m.role(),
                                m.content(),
                                m.thinking(),
                                m.images().stream().map(ExchangeLog::digest).toList(),
                                m.toolCalls(),
                                m.toolName(),
                                m.toolCallId()))
                .toList();
    }

    private static String digest(String base64) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(base64.getBytes(StandardCharsets.US_ASCII));
            return "sha256:" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
