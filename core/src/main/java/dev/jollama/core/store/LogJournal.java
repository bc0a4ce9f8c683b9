package dev.jollama.core.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.json.Json;
import dev.jollama.core.storage.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Entries on their way into the database: a one-shot command whose answer came before SQLite was
 * open appends its entry here (a line of JSON, under an OS lock, without loading SQLite) rather than
 * wait tens of milliseconds for it after the answer. The next jollama that opens the database moves
 * every line in, in one transaction, then empties the file; a line moved in twice (a crash between
 * the two) is kept once, by its {@code ref}. A line cut short by a crash is left out.
 */
public final class LogJournal {

    /** Past this much, the writer moves the lines in itself: the journal stays small. */
    static final long MOVE_IN_AT = 1L << 20;

    /** An OS lock is the process's: threads of one process (a batch's) take turns here first. */
    private static final Object IN_THIS_JVM = new Object();

    private final Path file;

    LogJournal(Path file) {
        this.file = file;
    }

    /** The journal of the database in {@code db} ({@code jollama.db} → {@code jollama.db-pending}). */
    public static LogJournal of(Path db) {
        return new LogJournal(db.resolveSibling(db.getFileName() + "-pending"));
    }

    public Path file() {
        return file;
    }

    /** Appends {@code entry}; returns the journal's size after it. */
    public long append(LogEntry entry) {
        byte[] line = line(entry);
        synchronized (IN_THIS_JVM) {
            return append(line);
        }
    }

    private long append(byte[] line) {
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                PrivateFiles.createFile(file);
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                    FileLock lock = ch.lock()) {
                ByteBuffer b = ByteBuffer.wrap(line);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                return ch.size();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether there is anything to move in: a look at the file's size, nothing read. */
    public boolean pending() {
        try {
            return Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Moves every line into {@code db} and empties the journal; returns how many entries came in. */
    int moveInto(Database db) {
        if (!pending()) {
            return 0;
        }
        synchronized (IN_THIS_JVM) {
            return moveAll(db);
        }
    }

    private int moveAll(Database db) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            // Line by line, whatever the file's size: another writer waits for the lock meanwhile.
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    java.nio.channels.Channels.newInputStream(ch), StandardCharsets.UTF_8));
            int moved = db.write(c -> {
                int n = 0;
                try {
                    for (String text = in.readLine(); text != null; text = in.readLine()) {
                        JsonNode line = parse(text);
                        if (line == null) {
                            continue;
                        }
                        Object[] values = new Object[ExchangeLog.COLUMNS.length];
                        for (int i = 0; i < values.length; i++) {
                            JsonNode v = line.get(ExchangeLog.COLUMNS[i]);
                            values[i] =
                                    v == null || v.isNull() ? null : v.isNumber() ? (Object) v.asLong() : v.asText();
                        }
                        ExchangeLog.insert(c, line.path("ref").asText(null), values);
                        n++;
                    }
                } catch (IOException e) {
                    throw new java.sql.SQLException("cannot read " + file + ": " + e.getMessage(), e);
                }
                return n;
            });
            ch.truncate(0); // after the commit: a crash in between moves the lines again, kept once
            return moved;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A line as an entry, or null for one a crash left half written. */
    private static JsonNode parse(String text) {
        try {
            JsonNode node = Json.wire().readTree(text);
            return node != null && node.isObject() && node.has("command") ? node : null;
        } catch (IOException | RuntimeException cutShort) {
            return null;
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A line's own id: this process, this moment, this line. Not a random UUID: seeding SecureRandom
     * costs a cold JVM more than the whole journal write.
     */
    private static String ref() {
        return ProcessHandle.current().pid() + "-" + System.currentTimeMillis() + "-" + System.nanoTime() + "-"
                + SEQUENCE.incrementAndGet();
    }

    /** An entry as one line: its row's columns by name, and its own ref. Jackson's generator alone. */
    static byte[] line(LogEntry entry) {
        Object[] values = ExchangeLog.row(entry);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.tokens().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ref", ref());
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                if (v instanceof Long n) {
                    g.writeNumberField(ExchangeLog.COLUMNS[i], n);
                } else if (v != null) {
                    g.writeStringField(ExchangeLog.COLUMNS[i], (String) v);
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
