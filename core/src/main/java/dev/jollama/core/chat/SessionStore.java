package dev.jollama.core.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.storage.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Chats saved as JSON files in one directory, written atomically after every turn so a crash loses
 * at most the answer in flight. A file that cannot be read is reported and left as it is.
 */
public final class SessionStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
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

    public void save(Session session) {
        checkName(session.name());
        try {
            AtomicFiles.write(file(session.name()), MAPPER.writeValueAsString(session));
        } catch (IOException e) {
            throw new InvalidInputException("cannot save session to " + file(session.name()) + ": " + e.getMessage());
        }
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
            throw new InvalidInputException("no saved session '" + name + "' in " + dir + " (see /sessions)");
        }
        try {
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

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException("session name '" + name + "' may use letters, digits, '.', '_' and '-'");
        }
    }
}
