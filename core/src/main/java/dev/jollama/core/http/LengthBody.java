package dev.jollama.core.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** A body of a known length: ends there, and says so when the connection closes before it. */
final class LengthBody extends InputStream {

    private final InputStream in;
    private long remaining;

    LengthBody(InputStream in, long length) {
        this.in = in;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int c = in.read();
        if (c < 0) {
            throw new EOFException("the connection closed " + remaining + " bytes before the end of the answer");
        }
        remaining--;
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("the connection closed " + remaining + " bytes before the end of the answer");
        }
        remaining -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(remaining, in.available());
    }
}
