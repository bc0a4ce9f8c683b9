package dev.jollama.cli.command;

import dev.jollama.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One batch at a time per results file: two appending to the same file would answer the same ids
 * twice. The lock is on a small file beside it ({@code .NAME.lock}), since resuming may replace the
 * results file itself; the kernel drops the lock when the process dies, so a killed batch never
 * leaves it held.
 */
final class OutputLock implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    static OutputLock take(Path output) throws IOException {
        Path real = output.toAbsolutePath();
        Path file = real.resolveSibling("." + real.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldHere) {
            lock = null; // this same process holds it (a test, or a chat running a batch)
        }
        if (lock == null) {
            channel.close();
            throw new InvalidInputException(
                    "another jollama batch is writing " + output + ": wait for it, or choose another -o");
        }
        return new OutputLock(file, channel, lock);
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            lock.release();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
