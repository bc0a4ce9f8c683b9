package dev.jollama.core.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.storage.AtomicFiles;
import dev.jollama.core.storage.ExclusiveLock;
import dev.jollama.core.storage.OwnFiles;
import dev.jollama.core.storage.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Chats saved as JSON files in one directory, written atomically after every turn so a crash (or a
 * kill -9 mid-save) loses at most the answer in flight and leaves the previous version readable. A
 * file that cannot be read is reported and left as it is. A new chat's name is claimed with an
 * exclusive create, so two chats started in the same second never share a file.
 *
 * <p>The same chat may be open in two terminals. A save holds the chat's lock ({@code .NAME.json.lock},
 * {@link ExclusiveLock}) from the moment it looks at the file until its new version is in place, so two
 * saves never both build on what they read before the other wrote. A file that changed since this
 * process last read or wrote it is read again: when the other side only added turns, this side's new
 * turns go after theirs; otherwise (a /retry, a new system prompt, a file edited by hand) this side's
 * chat is saved under a new name and the other's is left as it is. No turn of either is lost.
 */
public final class SessionStore {

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

    // Only to compare two versions of a chat: the same turns written by two processes give the same text.
    private static final ObjectMapper COMPARING = MAPPER.copy()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** How long a save waits for another jollama saving the same chat: a save takes milliseconds. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    /**
     * A chat as this process last read or wrote it: what the next save compares the file with.
     *
     * @param revision the text its writer left in the chat's lock file, unique to that write
     */
    public record Saved(Session session, FileStamp stamp, String revision) {
        public String name() {
            return session.name();
        }
    }

    /**
     * What a save did: {@code saved} is the chat as it is now on disk. {@code theirs} are the turns
     * another jollama added meanwhile, saved before this side's new ones (they go at {@code at} in this
     * side's conversation); {@code forkedFrom} is the name of a chat the other side changed otherwise,
     * left as it is while this one was saved under {@code saved.name()}.
     */
    public record Outcome(Saved saved, List<Turn> theirs, int at, String forkedFrom) {}

    private final Path dir;

    public SessionStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Saves {@code mine}, built on {@code base} (what this process last read or wrote of the chat, or
     * null for a chat new under this name, which must then not be saved already).
     */
    public Outcome save(Session mine, Saved base) {
        checkName(mine.name());
        Path file = file(mine.name());
        if (base != null && !base.name().equals(mine.name())) {
            throw new IllegalArgumentException("a save builds on the same chat: " + base.name() + ", " + mine.name());
        }
        try (ExclusiveLock lock = lock(mine.name())) {
            FileStamp now = FileStamp.of(file);
            if (base == null) {
                if (now != null && now.size() > 0) {
                    throw new InvalidInputException("a chat named " + mine.name() + " is saved already (" + dir
                            + "): it is left as it is; pick another name");
                }
                return new Outcome(write(file, mine, lock), List.of(), 0, null);
            }
            if (now == null || (now.equals(base.stamp()) && lock.text().equals(base.revision()))) {
                return new Outcome(write(file, mine, lock), List.of(), 0, null); // ours, or removed meanwhile
            }
            Session theirs = readQuietly(file);
            if (theirs != null && onlyAdded(base.session(), theirs, mine)) {
                int at = base.session().messages() == null
                        ? 0
                        : base.session().messages().size();
                List<Turn> added =
                        theirs.messages().subList(at, theirs.messages().size());
                List<Turn> merged = new ArrayList<>(theirs.messages());
                merged.addAll(mine.messages().subList(at, mine.messages().size()));
                return new Outcome(
                        write(file, mine.withMessages(List.copyOf(merged)), lock), List.copyOf(added), at, null);
            }
            String fork = claim(mine.name());
            try (ExclusiveLock forkLock = lock(fork)) {
                return new Outcome(write(file(fork), mine.withName(fork), forkLock), List.of(), 0, mine.name());
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot save session to " + file + ": " + e.getMessage());
        }
    }

    /** A saved chat with what its next save compares the file with: read under its lock, so the two agree. */
    public Saved open(String name) {
        checkName(name);
        try (ExclusiveLock lock = lock(name)) {
            Session session = load(name);
            return new Saved(session, FileStamp.of(file(name)), lock.text());
        } catch (IOException e) {
            throw new InvalidInputException("cannot read session " + file(name) + ": " + e.getMessage());
        }
    }

    /**
     * Deletes a chat saved under another name now, unless another jollama changed it since {@code
     * base}: then it is someone's chat, and stays.
     */
    public boolean deleteIfUnchanged(Saved base) {
        try (ExclusiveLock lock = lock(base.name())) {
            if (Objects.equals(FileStamp.of(file(base.name())), base.stamp())
                    && lock.text().equals(base.revision())) {
                return deleteWithCopies(base.name(), lock);
            }
            return false;
        } catch (IOException e) {
            throw new InvalidInputException("cannot delete " + file(base.name()) + ": " + e.getMessage());
        }
    }

    private Saved write(Path file, Session session, ExclusiveLock lock) throws IOException {
        String text = MAPPER.writeValueAsString(session);
        if (text.length() > OwnFiles.Kind.SESSION.limit()
                && text.getBytes(StandardCharsets.UTF_8).length > OwnFiles.Kind.SESSION.limit()) {
            // Written, it could not be read back: keep the last version that can.
            throw new IOException(
                    "the chat is larger than " + dev.jollama.core.text.ByteSize.human(OwnFiles.Kind.SESSION.limit())
                            + ", the most jollama reads back; the previous version is kept (start a new chat, /clear)");
        }
        AtomicFiles.write(file, text);
        String revision = ProcessHandle.current().pid() + "-" + System.nanoTime() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
        lock.text(revision);
        return new Saved(session, FileStamp.of(file), revision);
    }

    /** Whether, since {@code base}, the other side only added turns and this side only added turns. */
    private static boolean onlyAdded(Session base, Session theirs, Session mine) throws IOException {
        List<Turn> was = base.messages() == null ? List.of() : base.messages();
        if (theirs.messages() == null || mine.messages() == null) {
            return false;
        }
        if (theirs.messages().size() < was.size() || mine.messages().size() < was.size()) {
            return false;
        }
        if (!settings(base).equals(settings(theirs))) {
            return false;
        }
        for (int i = 0; i < was.size(); i++) {
            String turn = COMPARING.writeValueAsString(was.get(i));
            if (!turn.equals(COMPARING.writeValueAsString(theirs.messages().get(i)))) {
                return false;
            }
            if (was.get(i) != mine.messages().get(i)
                    && !turn.equals(COMPARING.writeValueAsString(mine.messages().get(i)))) {
                return false;
            }
        }
        return true;
    }

    private static String settings(Session s) throws IOException {
        return COMPARING.writeValueAsString(Arrays.asList(s.model(), s.profile(), s.system(), s.options(), s.think()));
    }

    /** The chat in {@code file}, or null when it cannot be read as one (then it is not merged with). */
    private static Session readQuietly(Path file) {
        try {
            Session s = MAPPER.readValue(OwnFiles.read(file, OwnFiles.Kind.SESSION), Session.class);
            return s != null && s.messages() != null ? s : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private ExclusiveLock lock(String name) throws IOException {
        return ExclusiveLock.hold(dir.resolve("." + name + ".json.lock"), LOCK_WAIT);
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

    /**
     * Deletes a saved chat and every copy of it: its temporary files (one a killed save left holds the
     * whole chat) and its lock. False when there was no chat of that name.
     */
    public boolean delete(String name) {
        checkName(name);
        try (ExclusiveLock lock = lock(name)) {
            return deleteWithCopies(name, lock);
        } catch (IOException e) {
            throw new InvalidInputException("cannot delete " + file(name) + ": " + e.getMessage());
        }
    }

    private boolean deleteWithCopies(String name, ExclusiveLock held) throws IOException {
        Path file = file(name);
        for (Path copy : AtomicFiles.copies(file)) {
            Files.deleteIfExists(copy);
        }
        boolean existed = Files.deleteIfExists(file);
        // Deleted while held: a jollama waiting for it sees the path change and takes the new one.
        Files.deleteIfExists(dir.resolve("." + name + ".json.lock"));
        return existed;
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
            } catch (JollamaException e) {
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
