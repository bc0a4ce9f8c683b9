package dev.jollama.core.tools.builtin;

import dev.jollama.core.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * The folder the file tools are confined to (the current directory, or {@code --workspace DIR}). A path
 * the model gives is refused when it leads outside: by {@code ..}, as an absolute path, or through a
 * symbolic link (of the file or of any folder above it), and so is a link that is broken or loops,
 * since where it leads cannot be known. The check is made on the real path right before each open,
 * and the last step is opened without following links, so a link swapped in after the check is not
 * followed either.
 */
public final class Workspace {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

    /** Linux's PATH_MAX: no longer path can be opened. */
    static final int MAX_PATH = 4096;

    private final Path root;

    private Workspace(Path root) {
        this.root = root;
    }

    /** The folder {@code dir}, which must exist; its real path (links resolved) is the boundary. */
    public static Workspace of(Path dir) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException("the workspace " + dir + " cannot be used: " + BuiltinTool.describe(e));
        }
        if (!Files.isDirectory(real)) {
            throw new InvalidInputException("the workspace " + dir + " is not a directory");
        }
        return new Workspace(real);
    }

    /** The real path of the folder. */
    public Path root() {
        return root;
    }

    /**
     * The real path of {@code path} (relative to the root, or absolute), for reading or listing. It need
     * not exist; if it does not, the part that does is resolved and the rest appended.
     *
     * @throws ToolFailure when it leads outside the workspace, contains a NUL byte, is not a valid
     *     path, or goes through a broken or looping link; the message is for the model
     */
    public Path resolve(String path) {
        if (path.length() > MAX_PATH) {
            // Longer than any path the system opens (PATH_MAX), and walking up its parts would take long.
            throw new ToolFailure(
                    "path " + Arguments.shown(path) + " is longer than " + MAX_PATH + " characters: refused");
        }
        if (path.indexOf('\0') >= 0) {
            throw new ToolFailure(
                    "path " + Arguments.shown(path.replace('\0', '\u2400')) + " contains a NUL byte: refused");
        }
        Path given;
        try {
            given = root.getFileSystem().getPath(path);
        } catch (InvalidPathException e) {
            throw new ToolFailure("path " + Arguments.shown(path) + " is not a valid path: " + e.getReason());
        }
        Path lexical = root.resolve(given).normalize();
        if (!lexical.startsWith(root)) {
            throw outside(path, "");
        }
        // The nearest part that exists is resolved with its links; what is below it cannot be a link.
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = lexical;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.push(existing.getFileName());
            existing = existing.getParent();
            if (existing == null || !existing.startsWith(root)) {
                throw new ToolFailure("the workspace " + root + " no longer exists");
            }
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            throw new ToolFailure(
                    "path " + Arguments.shown(path) + " goes through a symbolic link that is broken or loops: refused");
        }
        while (!missing.isEmpty()) {
            real = real.resolve(missing.pop());
        }
        if (!real.startsWith(root)) {
            throw outside(path, " through a symbolic link");
        }
        return real;
    }

    /**
     * The real path to write {@code path} to: as {@link #resolve}, and not the workspace itself nor a
     * folder. A link inside the workspace to a file inside it means that file.
     */
    public Path resolveForWrite(String path) {
        Path real = resolve(path);
        if (real.equals(root) || Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailure(show(real) + " is a directory: give the path of a file");
        }
        return real;
    }

    /** How the model is shown a real path inside the workspace: relative, with '/', "." for the root. */
    public String show(Path real) {
        if (real.equals(root)) {
            return ".";
        }
        if (!real.startsWith(root)) {
            return real.toString();
        }
        return root.relativize(real).toString().replace(root.getFileSystem().getSeparator(), "/");
    }

    /** Opens a resolved file for reading without following a link at its last step. */
    InputStream open(Path real) throws IOException {
        SeekableByteChannel channel =
                Files.newByteChannel(real, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        return Channels.newInputStream(channel);
    }

    /**
     * Writes {@code bytes} to {@code path} in one step: into a temporary file beside the target, synced,
     * then renamed over it, so that a crash, a full disk or a failed write leaves the old file as it
     * was and no temporary file behind. Missing folders are made; a replaced file keeps its mode.
     */
    Path replace(String path, byte[] bytes) throws IOException {
        Path target = resolveForWrite(path);
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            // Made from the resolved path; resolve again in case a link was swapped in meanwhile.
            if (!resolveForWrite(path).equals(target)) {
                throw new ToolFailure("path " + Arguments.shown(path) + " changed while it was written: refused");
            }
        }
        Set<PosixFilePermission> mode = null;
        if (POSIX) {
            mode = Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                    ? Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS)
                    : NEW_FILE;
        }
        // Hidden, so that list_files and grep pass it over; its name cut so that a long one still fits.
        String name = target.getFileName().toString();
        Path tmp = Files.createTempFile(dir, "." + name.substring(0, Math.min(name.length(), 100)) + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (mode != null) {
                Files.setPosixFilePermissions(tmp, mode);
            }
            // The last check, right before the rename: the folder is still the one inside.
            if (!dir.toRealPath().equals(dir)) {
                throw outside(path, " through a symbolic link");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    private ToolFailure outside(String path, String how) {
        return new ToolFailure(
                "path " + Arguments.shown(path) + " is outside the workspace " + root + how + ": refused");
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
