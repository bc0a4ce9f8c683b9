package dev.jollama.core.batch;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where result lines go. Each line is written whole, in one write, so that a crash or a Ctrl-C leaves
 * no half line behind; a file ({@link ResultsFile}) is synced to disk when the batch ends.
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
}
