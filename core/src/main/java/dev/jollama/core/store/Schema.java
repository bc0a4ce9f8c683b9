package dev.jollama.core.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables, created and upgraded by {@code PRAGMA user_version}. A chat's messages are rows (one
 * per turn, the turn itself as JSON), so two processes append to one chat without rewriting each
 * other's turns. A log entry names its chat (a turn is logged before its chat's first save) and is
 * removed with it.
 */
final class Schema {

    static final int VERSION = 2;

    private static final String[] V1 = {
        """
        CREATE TABLE chats (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          model TEXT,
          updated INTEGER NOT NULL,
          session TEXT NOT NULL
        )""",
        """
        CREATE TABLE messages (
          id INTEGER PRIMARY KEY,
          chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          turn TEXT NOT NULL,
          UNIQUE (chat_id, seq)
        )""",
        """
        CREATE TABLE entries (
          id INTEGER PRIMARY KEY,
          time INTEGER NOT NULL,
          command TEXT NOT NULL,
          host TEXT,
          engine TEXT,
          model TEXT,
          profile TEXT,
          system TEXT,
          options TEXT,
          prompt TEXT,
          messages TEXT,
          chat TEXT,
          answer TEXT,
          thinking TEXT,
          tools TEXT,
          prompt_tokens INTEGER,
          answer_tokens INTEGER,
          duration_ms INTEGER,
          exit_code INTEGER NOT NULL,
          error TEXT,
          count INTEGER
        )""",
        "CREATE INDEX entries_time ON entries (time)",
        "CREATE INDEX entries_chat ON entries (chat)",
        "CREATE INDEX chats_updated ON chats (updated)",
        """
        CREATE VIRTUAL TABLE entries_text USING fts5 (
          prompt, answer, content = 'entries', content_rowid = 'id', tokenize = 'unicode61'
        )""",
        // A removed entry's words must leave the index too, not only the row (FTS5 keeps them otherwise).
        "INSERT INTO entries_text (entries_text, rank) VALUES ('secure-delete', 1)",
        """
        CREATE TRIGGER entries_added AFTER INSERT ON entries BEGIN
          INSERT INTO entries_text (rowid, prompt, answer) VALUES (new.id, new.prompt, new.answer);
        END""",
        """
        CREATE TRIGGER entries_removed AFTER DELETE ON entries BEGIN
          INSERT INTO entries_text (entries_text, rowid, prompt, answer) VALUES ('delete', old.id, old.prompt, old.answer);
        END""",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    };

    /** A journal line's own id, so that a line moved in twice (a crash before the journal was emptied) is kept once. */
    private static final String[] V2 = {
        "ALTER TABLE entries ADD COLUMN ref TEXT", "CREATE UNIQUE INDEX entries_ref ON entries (ref)",
    };

    private Schema() {}

    static void migrate(Database db) {
        int version = db.read(Schema::version);
        if (version == VERSION) {
            return;
        }
        db.write(c -> {
            int now = version(c);
            if (now > VERSION) {
                throw new SQLException("made by a newer jollama (schema " + now + ", this one knows " + VERSION
                        + "): upgrade jollama");
            }
            try (Statement s = c.createStatement()) {
                if (now < 1) {
                    for (String sql : V1) {
                        s.execute(sql);
                    }
                }
                if (now < 2) {
                    for (String sql : V2) {
                        s.execute(sql);
                    }
                }
                s.execute("PRAGMA user_version = " + VERSION);
            }
            return null;
        });
    }

    private static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
