package dev.jollama.core.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Tells when a read is about to wait for the network: the moment to flush what was printed, so each
 * chunk shows as soon as nothing more is at hand, without a system call per token.
 */
public final class PausingInputStream extends FilterInputStream {

    private final Runnable onPause;

    public PausingInputStream(InputStream in, Runnable onPause) {
        super(in);
        this.onPause = onPause;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (in.available() == 0) {
            onPause.run();
        }
        return in.read(b, off, len);
    }

    @Override
    public int read() throws IOException {
        if (in.available() == 0) {
            onPause.run();
        }
        return in.read();
    }
}
