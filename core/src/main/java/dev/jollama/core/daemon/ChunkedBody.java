package dev.jollama.core.daemon;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A chunked HTTP body, decoded. Unlike the JDK's, it holds no lock: nothing but the reading thread
 * ever touches it, and a cancel closes the socket underneath instead.
 */
final class ChunkedBody extends InputStream {

    private final InputStream in;
    private long remaining; // bytes left in the current chunk
    private boolean ended;
    private boolean started;

    ChunkedBody(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        if (!ready()) {
            return -1;
        }
        int c = in.read();
        if (c < 0) {
            throw new EOFException("the connection closed within a chunk");
        }
        remaining--;
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!ready()) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("the connection closed within a chunk");
        }
        remaining -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        if (ended) {
            return 0;
        }
        int buffered = in.available();
        return remaining > 0 ? (int) Math.min(remaining, buffered) : buffered;
    }

    /** Moves to the next chunk when the current one is used up; false at the end of the body. */
    private boolean ready() throws IOException {
        if (ended) {
            return false;
        }
        if (remaining > 0) {
            return true;
        }
        if (remaining == 0 && started) {
            expectLineEnd();
        }
        started = true;
        String size = HttpTransport.readLine(in, false);
        if (size == null) {
            throw new EOFException("the connection closed before the end of the chunked body");
        }
        int semicolon = size.indexOf(';');
        String hex = (semicolon >= 0 ? size.substring(0, semicolon) : size).strip();
        try {
            remaining = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("a chunk size that is not hexadecimal: " + abbreviate(size));
        }
        if (remaining < 0) {
            throw new IOException("a negative chunk size");
        }
        if (remaining == 0) {
            String trailer;
            while ((trailer = HttpTransport.readLine(in, false)) != null && !trailer.isEmpty()) {
                // Trailers carry nothing jollama uses.
            }
            ended = true;
            return false;
        }
        return true;
    }

    private void expectLineEnd() throws IOException {
        String rest = HttpTransport.readLine(in, false);
        if (rest == null) {
            throw new EOFException("the connection closed after a chunk");
        }
        if (!rest.isEmpty()) {
            throw new IOException("a chunk longer than its size");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "…";
    }
}
