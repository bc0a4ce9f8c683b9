package dev.jollama.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.core.chat.SessionImport;
import dev.jollama.core.chat.SessionStore;
import dev.jollama.core.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The saved chats of a test's home as another program sees them: read from the database file (not
 * through the jollama under test), and old chat files put where an earlier jollama left them.
 */
public final class SavedChatsIn {

    private final Path home;

    private SavedChatsIn(Path home) {
        this.home = home;
    }

    public static SavedChatsIn home(Path home) {
        return new SavedChatsIn(home);
    }

    public Path database() {
        return home.resolve("data/jollama/jollama.db");
    }

    /** Where jollama before the database kept its chats, one JSON file each. */
    public Path oldFolder() {
        return home.resolve("data/jollama/sessions");
    }

    /** Puts a chat file as an earlier jollama wrote it: moved into the database at the first use. */
    public Path putOldFile(String name, String json) {
        try {
            Files.createDirectories(oldFolder());
            return Files.writeString(oldFolder().resolve(name + ".json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a chat given as the JSON `sessions show --json` prints, as if a jollama had saved it. */
    public void put(String name, String json) {
        try {
            Path folder = Files.createDirectories(home.resolve("data/jollama/.put-" + name));
            Files.writeString(folder.resolve(name + ".json"), json);
            try (Database db = Database.open(database())) {
                List<String> notes = new ArrayList<>();
                SessionImport.Result r = SessionImport.run(folder, new SessionStore(db), notes::add);
                if (r.imported() != 1) {
                    throw new IllegalArgumentException("not a chat: " + notes);
                }
            }
            Files.delete(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The saved chats' names, most recently used first; none when there is no database yet. */
    public List<String> names() {
        if (!Files.exists(database())) {
            return List.of();
        }
        try (Database db = Database.open(database())) {
            return new SessionStore(db).names();
        }
    }

    /** A saved chat as `sessions show --json` prints it. */
    public JsonNode chat(String name) {
        try (Database db = Database.open(database())) {
            return new ObjectMapper().readTree(SessionStore.json(new SessionStore(db).load(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The contents of a saved chat's user messages, in order. */
    public List<String> userMessages(String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : chat(name).path("messages")) {
            if (m.path("role").asText().equals("user")) {
                out.add(m.path("content").asText());
            }
        }
        return out;
    }
}
