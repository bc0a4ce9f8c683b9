package dev.jollama.core.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.storage.AtomicFiles;
import dev.jollama.core.storage.PrivateFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Chats saved as JSON files in one directory, written atomically after every turn so a crash (or a
 * kill -9 mid-save) loses at most the answer in flight and leaves the previous version readable. A
 * file that cannot be read is reported and left as it is. A new chat's name is claimed with an
 * exclusive create, so two chats started in the same second never share a file.
 */
public final class SessionStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path dir;

    public SessionStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Writes the session over its file; returns the file's stamp after the write. */
    public FileStamp save(Session session) {
        checkName(session.name());
        Path file = file(session.name());
        try {
            AtomicFiles.write(file, MAPPER.writeValueAsString(session));
            return FileStamp.of(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot save session to " + file + ": " + e.getMessage());
        }
    }

    /**
     * Claims a new, unused name starting with {@code base} by creating its file exclusively ({@code
     * base}, then {@code base-2}, {@code base-3}…): another process starting a chat at the same
     * moment gets another name. The file is empty until the first save.
     */
    public String claim(String base) {
        checkName(base);
        try {
            PrivateFiles.createDirectories(dir);
            for (int n = 1; n < 10_000; n++) {
                String name = n == 1 ? base : base + "-" + n;
                try {
                    Files.createFile(file(name), PrivateFiles.fileAttributes());
                    return name;
                } catch (FileAlreadyExistsException taken) {
                    // another chat has it: try the next
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot create a session in " + dir + ": " + e.getMessage());
        }
        throw new InvalidInputException("no free session name for " + base + " in " + dir);
    }

    /** The stamp of a saved chat's file now, or null when it does not exist. */
    public FileStamp stamp(String name) {
        checkName(name);
        return FileStamp.of(file(name));
    }

    /** Deletes a saved chat; false when there was none. */
    public boolean delete(String name) {
        checkName(name);
        try {
            return Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new InvalidInputException("cannot delete " + file(name) + ": " + e.getMessage());
        }
    }

    /** A session or a listing as JSON, with dates as ISO-8601 text: for {@code --json}. */
    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One line of a listing: what a user needs to pick a chat. {@code turns} counts the messages (its
     * name in --json since the start); {@code messages} is the same count by the name the table shows.
     */
    public record Summary(String name, String model, int turns, java.time.Instant updated, String problem) {
        @com.fasterxml.jackson.annotation.JsonProperty("messages")
        public int messages() {
            return turns;
        }
    }

    /** Every saved chat, most recently used first; a damaged one is listed with its problem. */
    public List<Summary> list() {
        return list(Integer.MAX_VALUE);
    }

    /** The {@code limit} most recently used chats, the others left unread. */
    public List<Summary> list(int limit) {
        List<Summary> out = new ArrayList<>();
        for (String name : names().stream().limit(limit).toList()) {
            try {
                Session s = load(name);
                out.add(new Summary(
                        name, s.model(), s.messages() == null ? 0 : s.messages().size(), s.updated(), null));
            } catch (InvalidInputException e) {
                out.add(new Summary(name, null, 0, null, e.getMessage()));
            }
        }
        return out;
    }

    /** Whether a chat of this name is saved, readable or not. */
    public boolean exists(String name) {
        checkName(name);
        return Files.exists(file(name));
    }

    public Session load(String name) {
        checkName(name);
        Path file = file(name);
        if (!Files.exists(file)) {
            throw new InvalidInputException(
                    "no saved chat '" + name + "' in " + dir + " (`jollama sessions` lists them)");
        }
        try {
            if (Files.size(file) == 0) {
                // Claimed by a chat that has not had a turn yet (or is running now in another terminal).
                throw new InvalidInputException("chat '" + name + "' has no messages yet (" + file + " is empty)");
            }
            return MAPPER.readValue(file.toFile(), Session.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("session file " + file + " is damaged (line "
                    + e.getLocation().getLineNr() + "): left as it is; start a new chat or fix the file");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read session " + file + ": " + e.getMessage());
        }
    }

    /** Saved session names, most recently updated first. */
    public List<String> names() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted =
                    new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(".json"))
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .filter(p -> size(p) > 0) // claimed, not yet saved
                            .toList());
            sorted.sort(Comparator.comparing(SessionStore::modified).reversed());
            return sorted.stream()
                    .map(p -> p.getFileName().toString().replaceFirst("\\.json$", ""))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public Optional<String> latest() {
        return names().stream().findFirst();
    }

    private Path file(String name) {
        return dir.resolve(name + ".json");
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException("session name '" + name
                    + "' may use letters, digits, '.', '_' and '-', and starts with a letter or digit");
        }
    }
}
