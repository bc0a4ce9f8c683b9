package dev.jollama.core.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files so that a crash or a full disk never leaves half a file: the text goes to a temporary
 * file in the same directory, is synced, then renamed over the target in one step. The file and any
 * folder made for it are private to the user ({@link PrivateFiles}).
 *
 * <p>A temporary file is named {@code .NAME.p<pid>.<random>.tmp}, after the target and the process
 * writing it. One left by a writer that was killed (kill -9, a power cut) is a full copy of the file,
 * a chat's text included: the next write in that folder removes it, once its process is gone and it
 * has not changed for a minute (a writer on another machine sharing the folder has its pid elsewhere).
 */
public final class AtomicFiles {

    /** How long a dead writer's temporary file is left alone: a writer elsewhere may still own it. */
    static final Duration STALE = Duration.ofMinutes(1);

    private static final long PID = ProcessHandle.current().pid();
    private static final Pattern OURS = Pattern.compile("\\.(.+)\\.p(\\d{1,10})\\.\\d+\\.(tmp|edit)");
    // What jollama before the pid in the name left: .NAME.<random>.tmp (or .edit for `config edit`).
    private static final Pattern OLDER = Pattern.compile("\\.(.+)\\.\\d+\\.(tmp|edit)");

    private AtomicFiles() {}

    public static void write(Path target, String text) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        PrivateFiles.createDirectories(dir);
        sweep(target);
        // Private from its first byte; the rename keeps the mode, so the target is 0600 too.
        Path tmp = temporary(target, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            replace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new, empty, private file beside {@code target} named for it and this process, ending in {@code suffix}. */
    public static Path temporary(Path target, String suffix) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        return Files.createTempFile(
                dir, "." + target.getFileName() + ".p" + PID + ".", suffix, PrivateFiles.fileAttributes());
    }

    /** Renames {@code from} over {@code to} in one step where the file system can. */
    public static void replace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Removes the temporary files that dead writers left in {@code target}'s folder: any file's made by
     * a process that is gone, and {@code target}'s own from a jollama before the pid was in the name.
     * Each unchanged for {@link #STALE}. Never fails: a leftover that cannot go stays for the next write.
     */
    public static void sweep(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        Instant before = Instant.now().minus(STALE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Matcher ours = OURS.matcher(name);
                boolean stale;
                if (ours.matches()) {
                    long pid = Long.parseLong(ours.group(2));
                    stale = pid != PID
                            && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
                } else {
                    Matcher older = OLDER.matcher(name);
                    stale = older.matches()
                            && older.group(1).equals(target.getFileName().toString());
                }
                if (stale
                        && Files.isRegularFile(file)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a folder that cannot be listed, a file gone meanwhile: nothing to clean now
        }
    }

    /** Every temporary copy of {@code target} in its folder, whoever made it and however old: for deleting it whole. */
    public static List<Path> copies(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        List<Path> copies = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return copies;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*")) {
            for (Path file : files) {
                String f = file.getFileName().toString();
                Matcher ours = OURS.matcher(f);
                Matcher older = OLDER.matcher(f);
                if ((ours.matches() && ours.group(1).equals(name))
                        || (older.matches() && older.group(1).equals(name))) {
                    copies.add(file);
                }
            }
        }
        return copies;
    }
}
