package dev.jollama.core.store;

import dev.jollama.core.error.InvalidConfigException;
import dev.jollama.core.storage.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * jollama's one database ({@code $XDG_DATA_HOME/jollama/jollama.db}): saved chats and the log of
 * every exchange, in SQLite with write-ahead logging, foreign keys and secure delete. Every write is
 * one {@code BEGIN IMMEDIATE} transaction, so two processes on one chat queue on the database's own
 * lock instead of overwriting each other. Opened only by the commands that log or read: loading the
 * driver maps SQLite's native library, which a {@code --version} or a {@code list} never needs.
 */
public final class Database implements AutoCloseable {

    public static final String FILE_NAME = "jollama.db";
    /** How long a writer waits for another process's transaction before giving up. */
    static final int BUSY_MILLIS = 10_000;

    private final Path file;
    private final Connection connection;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** The database under a data directory ({@code $XDG_DATA_HOME/jollama}). */
    public static Path in(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    public static Database open(Path file) {
        SqliteLibrary.useInstalled();
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidConfigException(
                        file + " is not a regular file: jollama keeps its chats and log" + " there; move it away");
            }
            // Created 0600 before SQLite sees it: SQLite would create it with the umask (0644).
            PrivateFiles.createFile(file);
        } catch (IOException e) {
            throw new InvalidConfigException("cannot create " + file + ": " + e.getMessage());
        }
        Properties p = new Properties();
        p.setProperty("busy_timeout", Integer.toString(BUSY_MILLIS));
        p.setProperty("foreign_keys", "true");
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "NORMAL");
        try {
            // The driver directly, not DriverManager: no scan of every driver on the class path at start.
            Connection c = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file, p);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA secure_delete = ON");
            }
            Database db = new Database(file, c);
            Schema.migrate(db);
            restrictSidecars(file);
            // What commands that did not wait for SQLite left: in before anyone reads or removes.
            LogJournal.of(file).moveInto(db);
            return db;
        } catch (SQLException e) {
            throw problem(file, e);
        }
    }

    public Path file() {
        return file;
    }

    Connection connection() {
        return connection;
    }

    /** Work done in one write transaction: all of it lands, or none. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public synchronized <T> T write(Work<T> work) {
        try {
            try (Statement s = connection.createStatement()) {
                // IMMEDIATE takes the write lock up front, so a read-then-write never deadlocks with
                // another process doing the same (a DEFERRED one would fail with SQLITE_BUSY mid-way).
                s.execute("BEGIN IMMEDIATE");
            }
            try {
                T result = work.run(connection);
                try (Statement s = connection.createStatement()) {
                    s.execute("COMMIT");
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                try (Statement s = connection.createStatement()) {
                    s.execute("ROLLBACK");
                } catch (SQLException ignored) {
                    // The first failure is the one to report.
                }
                throw e;
            }
        } catch (SQLException e) {
            throw problem(file, e);
        }
    }

    public synchronized <T> T read(Work<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw problem(file, e);
        }
    }

    /**
     * Moves what the write-ahead log holds into the main file and empties the log, so a removed
     * chat's text does not live on in {@code jollama.db-wal}.
     */
    public void checkpoint() {
        read(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            return null;
        });
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Nothing is pending: every write was committed or rolled back.
        }
    }

    static RuntimeException problem(Path file, SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (message.contains("SQLITE_NOTADB") || message.contains("file is not a database")) {
            return new InvalidConfigException(file + " is not a jollama database (it was left as it is): move it"
                    + " away and jollama starts a new one");
        }
        if (message.contains("SQLITE_CORRUPT")) {
            return new InvalidConfigException(file + " is damaged (" + message + "); it was left as it is: `sqlite3 "
                    + file + " .recover` may save its contents");
        }
        if (message.contains("SQLITE_BUSY")) {
            return new InvalidConfigException(
                    file + " stayed locked by another jollama for " + BUSY_MILLIS / 1000 + " s; try again");
        }
        return new InvalidConfigException("cannot use " + file + ": " + message);
    }

    private static void restrictSidecars(Path file) {
        for (String suffix : new String[] {"-wal", "-shm"}) {
            Path side = file.resolveSibling(file.getFileName() + suffix);
            try {
                if (Files.isRegularFile(side, LinkOption.NOFOLLOW_LINKS)) {
                    PrivateFiles.restrict(side);
                }
            } catch (IOException ignored) {
                // Not ours to narrow (another user's file); SQLite will report what matters.
            }
        }
    }
}
