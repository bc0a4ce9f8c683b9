package dev.jollama.core.chat;

import dev.jollama.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Moves the chats an earlier jollama saved as {@code sessions/NAME.json} into the database, once:
 * each is read, written, read back and compared turn by turn; only a chat whose copy compares equal
 * has its file removed. A file that does not read stays where it is, named once, and is tried again
 * next time (after the user fixed it). A name the database already holds is never overwritten: the
 * file's chat is imported as {@code NAME-imported}.
 */
public final class SessionImport {

    private SessionImport() {}

    /** What an import did, for the one line the user is told. */
    public record Result(int imported, List<String> leftAlone) {
        public boolean any() {
            return imported > 0 || !leftAlone.isEmpty();
        }
    }

    public static Result run(Path dir, SessionStore chats, Consumer<String> notes) {
        if (!Files.isDirectory(dir)) {
            return new Result(0, List.of());
        }
        SessionFiles files = new SessionFiles(dir);
        int imported = 0;
        List<String> left = new ArrayList<>();
        for (String name : files.names()) {
            Session s;
            try {
                s = files.load(name);
            } catch (dev.jollama.core.error.JollamaException e) { // damaged (2), or not a file to read (4)
                if (!Files.exists(dir.resolve(name + ".json"))) {
                    continue; // another jollama starting at the same moment moved it
                }
                left.add(name);
                notes.accept("not imported: " + e.getMessage());
                continue;
            }
            String target = chats.adopt(s.withName(name));
            Session renamed = s.withName(target);
            Session back = chats.load(target);
            if (!same(renamed, back)) {
                left.add(name);
                notes.accept("not imported: " + dir.resolve(name + ".json")
                        + " did not read back the same from the database; the file was left as it is");
                chats.delete(target);
                continue;
            }
            removeWithCopies(dir, name);
            imported++;
        }
        if (imported > 0) {
            notes.accept("moved " + imported + (imported == 1 ? " saved chat" : " saved chats") + " from " + dir
                    + " into the database (each read back and compared before its file was removed)");
        }
        return new Result(imported, List.copyOf(left));
    }

    private static boolean same(Session a, Session b) {
        List<Turn> ta = a.messages() == null ? List.of() : a.messages();
        List<Turn> tb = b.messages() == null ? List.of() : b.messages();
        return ta.equals(tb)
                && Objects.equals(a.model(), b.model())
                && Objects.equals(a.system(), b.system())
                && Objects.equals(a.profile(), b.profile());
    }

    /** The file and the temporary copies an interrupted save left beside it. */
    static void removeWithCopies(Path dir, String name) {
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (Path p : all) {
                String f = p.getFileName().toString();
                if (f.equals(name + ".json") || f.startsWith("." + name + ".json.")) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(
                    "cannot remove " + dir.resolve(name + ".json") + " after importing it: " + e.getMessage());
        }
    }
}
