package dev.jollama.core.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock, between processes and between the threads of one, on a small lock file: held
 * while a file is read, checked and replaced, so that two jollamas never both decide on what they read
 * before the other wrote. The kernel drops it when its process dies, so a killed jollama never leaves
 * it held. The lock file also keeps a short text, the revision of its last writer. It may be deleted
 * only by a holder (its file goes with it): a waiter then finds that the path names another file and
 * starts again on that one.
 */
public final class ExclusiveLock implements AutoCloseable {

    // A file lock belongs to the whole JVM: the threads of one process take turns here first. This is
    // the one static state of storage, as the kernel's locks are per process too.
    private static final Map<Path, ReentrantLock> IN_THIS_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private ExclusiveLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code file} (created 0600, with its folder, if absent), waiting at most {@code
     * bound} for another holder to let go.
     *
     * @throws IOException naming the file when the wait is over
     */
    public static ExclusiveLock hold(Path file, Duration bound) throws IOException {
        long deadline = System.nanoTime() + bound.toNanos();
        ReentrantLock local =
                IN_THIS_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new ReentrantLock());
        try {
            if (!local.tryLock(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy(file, bound);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for " + file);
        }
        try {
            PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
            long pause = 1;
            while (true) {
                // The key first, then the file opened: if the path changed in between, the keys differ.
                open(file).close();
                Object before = key(file);
                FileChannel channel = open(file);
                FileLock lock = null;
                try {
                    try {
                        lock = channel.tryLock();
                    } catch (java.nio.channels.OverlappingFileLockException heldHereByAnotherPath) {
                        lock = null; // the same file by another name, held by another thread: wait
                    }
                    // Locked, and the path still names the file locked: a holder did not delete it meanwhile.
                    if (lock != null && before != null && before.equals(key(file))) {
                        return new ExclusiveLock(local, channel, lock);
                    }
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
                if (lock != null) {
                    lock.release();
                }
                channel.close();
                if (System.nanoTime() > deadline) {
                    throw busy(file, bound);
                }
                sleep(pause);
                pause = Math.min(50, pause * 2);
            }
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    /** The text the last holder left (its revision), empty when none. */
    public String text() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // small: one read, or a few
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    /** Leaves a short text for the next holder. */
    public void text(String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 256) {
            throw new IllegalArgumentException("a lock's text is short: " + value);
        }
        channel.truncate(0);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer, buffer.position());
        }
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            lock.release();
        } finally {
            local.unlock();
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(
                file,
                java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                PrivateFiles.fileAttributes());
    }

    private static Object key(Path file) throws IOException {
        try {
            return Objects.requireNonNullElse(
                    Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class)
                            .fileKey(),
                    "");
        } catch (NoSuchFileException deleted) {
            return null;
        }
    }

    private static IOException busy(Path file, Duration bound) {
        return new IOException("another jollama has held " + file + " for more than " + bound.toSeconds() + " s");
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a lock");
        }
    }
}
