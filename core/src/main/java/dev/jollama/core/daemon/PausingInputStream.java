package dev.jollama.core.daemon;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Tells when a read is about to wait for the network: the moment to flush what was printed, so each
 * chunk shows as soon as nothing more is at hand, without a system call per token. It also marks
 * every arrival of data for the idle watchdog.
 */
final class PausingInputStream extends FilterInputStream {

    private final Runnable onPause;
    private final Runnable onData;

    PausingInputStream(InputStream in, Runnable onPause, Runnable onData) {
        super(in);
        this.onPause = onPause;
        this.onData = onData;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (in.available() == 0) {
            onPause.run();
        }
        int n = in.read(b, off, len);
        onData.run();
        return n;
    }

    @Override
    public int read() throws IOException {
        if (in.available() == 0) {
            onPause.run();
        }
        int c = in.read();
        onData.run();
        return c;
    }
}
