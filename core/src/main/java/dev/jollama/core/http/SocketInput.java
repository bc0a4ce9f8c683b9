package dev.jollama.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The socket's bytes, buffered, with a look at what is buffered already: {@link ChunkedBody} uses it to
 * tell whether the next chunk can be read without waiting, which decides when printed text is flushed.
 * Not thread-safe and holds no lock: only the reading thread touches it; a cancel closes the socket.
 */
final class SocketInput extends InputStream {

    private final InputStream in;
    private final Runnable received;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;

    SocketInput(InputStream in) {
        this(in, () -> {});
    }

    /** {@code received}: told when bytes arrive, so that the socket knows when the body has started. */
    SocketInput(InputStream in, Runnable received) {
        this.in = in;
        this.received = received;
    }

    @Override
    public int read() throws IOException {
        if (pos >= limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= limit) {
            if (len >= buf.length) {
                int n = in.read(b, off, len);
                if (n > 0) {
                    received.run();
                }
                return n;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Bytes readable without waiting: the buffer's, else what the socket holds. */
    @Override
    public int available() throws IOException {
        int buffered = limit - pos;
        return buffered > 0 ? buffered : in.available();
    }

    int buffered() {
        return limit - pos;
    }

    /** The buffered byte at {@code offset} from the read position; the caller checks {@link #buffered()}. */
    int peek(int offset) {
        return buf[pos + offset] & 0xff;
    }

    void skip(int n) {
        pos += n;
    }

    /** A whole line already in the buffer, without its line end, consumed; null if none is buffered whole. */
    String pollLine() {
        for (int i = pos; i < limit; i++) {
            if (buf[i] == '\n') {
                int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                String line = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                pos = i + 1;
                return line;
            }
        }
        return null;
    }

    private boolean fill() throws IOException {
        pos = 0;
        limit = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        limit = n;
        received.run();
        return true;
    }
}
