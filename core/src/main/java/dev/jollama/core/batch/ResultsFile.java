package dev.jollama.core.batch;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.storage.AtomicFiles;
import dev.jollama.core.storage.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A batch's results file ({@code -o}), written by one batch at a time: two appending to it would answer
 * the same ids twice. The lock is on the file itself, through the channel every line is written with,
 * so a symbolic link to it (resolved to the file) or a hard link (the same file under another name)
 * meets the same lock; the kernel drops it when the process dies. A new file is created 0600, like
 * every file jollama writes; an existing one keeps its mode.
 *
 * <p>Resuming ({@link #resume}) drops the error lines of an earlier run by writing the answers to a
 * new file, locked before it takes the name, so there is no moment when the file is there unlocked. A
 * file with several hard links is not replaced (that would cut the links): its error lines stay, and
 * the retried items' lines come after them. A torn last line is cut in place either way.
 */
public final class ResultsFile implements BatchOutput {

    private final Path file;
    private final List<FileChannel> held = new ArrayList<>(); // each with its lock, until close
    private FileChannel channel;
    private boolean closed;

    private ResultsFile(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
        held.add(channel);
    }

    /**
     * Opens (or creates) the results file and takes its lock.
     *
     * @throws InvalidInputException when another batch holds it, or it is not a regular file
     */
    public static ResultsFile open(Path given) throws IOException {
        Path file = real(given);
        for (int attempt = 0; attempt < 10; attempt++) {
            Object before = key(file);
            // A FIFO would block the open, a device never end: only a regular file, or none yet.
            if (before != null && !Files.isRegularFile(file)) {
                throw new InvalidInputException("-o " + given + " is not a regular file: batch appends its results to"
                        + " a file and resumes from it (leave out -o for stdout)");
            }
            FileChannel channel = FileChannel.open(
                    file,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    PrivateFiles.fileAttributes());
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldHere) {
                lock = null; // this same process holds it (a test, or a chat running a batch)
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                throw new InvalidInputException("another jollama batch is writing " + given
                        + (file.equals(given.toAbsolutePath()) ? "" : " (" + file + ")")
                        + ": wait for it, or choose another -o");
            }
            if (before == null || before.equals(key(file))) {
                channel.position(channel.size());
                return new ResultsFile(file, channel);
            }
            channel.close(); // another batch's resume put a new file in its place meanwhile: lock that one
        }
        throw new InvalidInputException("-o " + given + " keeps being replaced: is another program writing it?");
    }

    /** The file as it is on disk: links followed, so the lock and the rewrite are on the file itself. */
    private static Path real(Path given) throws IOException {
        Path absolute = given.toAbsolutePath();
        if (Files.exists(absolute)) {
            return absolute.toRealPath();
        }
        if (Files.isSymbolicLink(absolute)) {
            throw new InvalidInputException("-o " + given + " is a link to " + Files.readSymbolicLink(absolute)
                    + ", which does not exist: give the file itself");
        }
        return absolute.getParent().toRealPath().resolve(absolute.getFileName());
    }

    /** The real path of the file written. */
    public Path file() {
        return file;
    }

    /**
     * What an earlier run answered, for this run to skip; its error lines are dropped and a torn last
     * line is cut (see the class comment for a file with several hard links).
     *
     * @throws InvalidInputException when the file holds something else than batch results
     */
    public ResumeFile.Answered resume() throws IOException {
        ResumeFile.Scan scan = ResumeFile.scan(channel, file);
        long end = scan.tornAt() >= 0 ? scan.tornAt() : channel.size();
        if (scan.dropLines() && links() == 1) {
            keepOnlyAnswers(end);
        } else if (scan.tornAt() >= 0) {
            channel.truncate(scan.tornAt());
            channel.force(true);
        }
        channel.position(channel.size());
        return scan.answered();
    }

    private void keepOnlyAnswers(long end) throws IOException {
        AtomicFiles.sweep(file);
        Path kept = AtomicFiles.temporary(file, ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(kept, Files.getPosixFilePermissions(file));
            } catch (UnsupportedOperationException notPosix) {
                // permissions stay the temporary file's
            }
            FileChannel next = FileChannel.open(kept, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                // Locked before it takes the name: a batch that opens the name then finds it held.
                if (next.tryLock() == null) {
                    throw new IOException("cannot lock " + kept);
                }
                ResumeFile.copyAnswers(channel, file, end, next);
                next.force(true);
                AtomicFiles.replace(kept, file);
            } catch (IOException | RuntimeException e) {
                next.close();
                throw e;
            }
            // The old file's lock stays held too, until the end: a batch that opened it before the
            // rename must not take it and write to a file that no longer has the name.
            held.add(next);
            channel = next;
        } finally {
            Files.deleteIfExists(kept);
        }
    }

    private long links() {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink")).longValue();
        } catch (IOException | RuntimeException notUnix) {
            return 1;
        }
    }

    @Override
    public void write(byte[] line) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        try {
            channel.force(true);
        } catch (IOException e) {
            failure = e;
        }
        for (FileChannel c : held) {
            try {
                c.close(); // and its lock with it
            } catch (IOException e) {
                failure = failure != null ? failure : e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static Object key(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return Objects.requireNonNullElse(a.fileKey(), "");
        } catch (NoSuchFileException none) {
            return null;
        }
    }
}
