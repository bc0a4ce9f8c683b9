package dev.jollama.core.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.storage.OwnFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The chats an earlier jollama saved as JSON files, one per chat in {@code sessions/}: read once by
 * {@link SessionImport} to move them into the database, and never written. A file that cannot be read
 * is reported and left as it is.
 */
public final class SessionFiles {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    // A message may be as long as the file may be (a long paste, an image): what is saved reads back.
    private static final ObjectMapper MAPPER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxStringLength((int) OwnFiles.Kind.SESSION.limit())
                            .build())
                    .build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path dir;

    public SessionFiles(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * A saved chat as it is on disk. A file that is not a regular one, or is larger than jollama reads
     * ({@link OwnFiles}), is exit 4; a damaged one, 2.
     */
    public Session load(String name) {
        checkName(name);
        Path file = file(name);
        try {
            byte[] bytes = OwnFiles.read(file, OwnFiles.Kind.SESSION);
            if (bytes.length == 0) {
                // Claimed by a chat that has not had a turn yet (or is running now in another terminal).
                throw new InvalidInputException("chat '" + name + "' has no messages yet (" + file + " is empty)");
            }
            return MAPPER.readValue(bytes, Session.class);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(
                    "no saved chat '" + name + "' in " + dir + " (`jollama sessions` lists them)");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("session file " + file + " is damaged"
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : "")
                    + ": left as it is; start a new chat or fix the file");
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
                            // empty: claimed, never saved; not a file: named when it is not read
                            .filter(p -> size(p) > 0 || !Files.isRegularFile(p))
                            .toList());
            sorted.sort(Comparator.comparing(SessionFiles::modified).reversed());
            return sorted.stream()
                    .map(p -> p.getFileName().toString().replaceFirst("\\.json$", ""))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
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
