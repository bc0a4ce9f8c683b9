package dev.jollama.core.batch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where result lines go. Each line is written whole, in one write, so that a crash or a Ctrl-C leaves
 * no half line behind; a file is synced to disk when the batch ends.
 */
public interface BatchOutput extends AutoCloseable {

    /** Writes one line; {@code line} ends with its newline. */
    void write(byte[] line) throws IOException;

    @Override
    void close() throws IOException;

    /** A stream such as stdout, flushed after each line so that a reader sees results as they come. */
    static BatchOutput of(OutputStream out) {
        return new BatchOutput() {
            @Override
            public void write(byte[] line) throws IOException {
                out.write(line);
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    /** A file the lines are appended to; see {@link ResumeFile} for what is kept of an earlier run. */
    static BatchOutput append(Path file) throws IOException {
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new BatchOutput() {
            @Override
            public void write(byte[] line) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }

            @Override
            public void close() throws IOException {
                try (channel) {
                    channel.force(true);
                }
            }
        };
    }
}
