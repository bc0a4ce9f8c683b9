package dev.jollama.core.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A chunked HTTP body, decoded. Unlike the JDK's it holds no lock: only the reading thread touches it,
 * and a cancel closes the socket underneath instead. {@link #available()} steps over a chunk header
 * that is buffered already, so a fast stream (Ollama sends one chunk a line) is not flushed per token.
 */
final class ChunkedBody extends InputStream {

    private final SocketInput in;
    private long remaining; // payload bytes left in the current chunk
    private boolean crlfPending; // the current chunk's payload is read, its line end is not
    private boolean lastSeen; // the zero-size chunk's header is read, the trailers are not
    private boolean ended;

    ChunkedBody(SocketInput in) {
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
        consumed(1);
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
        consumed(n);
        return n;
    }

    @Override
    public int available() throws IOException {
        if (ended || lastSeen) {
            return 0;
        }
        if (remaining == 0) {
            if (crlfPending) {
                if (in.buffered() < 2 || in.peek(0) != '\r' || in.peek(1) != '\n') {
                    return 0;
                }
                in.skip(2);
                crlfPending = false;
            }
            String header = in.pollLine();
            if (header == null) {
                return 0;
            }
            if (!startChunk(header)) {
                return 0;
            }
        }
        int buffered = in.buffered();
        return (int) Math.min(remaining, buffered > 0 ? buffered : in.available());
    }

    private void consumed(int n) {
        remaining -= n;
        if (remaining == 0) {
            crlfPending = true;
        }
    }

    /** Moves to the next chunk when the current one is used up; false at the end of the body. */
    private boolean ready() throws IOException {
        if (ended) {
            return false;
        }
        if (remaining > 0) {
            return true;
        }
        if (crlfPending) {
            String rest = HttpTransport.readLine(in, false);
            if (rest == null) {
                throw new EOFException("the connection closed after a chunk");
            }
            if (!rest.isEmpty()) {
                throw new IOException("a chunk longer than its size");
            }
            crlfPending = false;
        }
        if (!lastSeen) {
            String header = HttpTransport.readLine(in, false);
            if (header == null) {
                throw new EOFException("the connection closed before the end of the chunked body");
            }
            if (startChunk(header)) {
                return true;
            }
        }
        String trailer;
        while ((trailer = HttpTransport.readLine(in, false)) != null && !trailer.isEmpty()) {
            // Trailers carry nothing jollama uses.
        }
        ended = true;
        return false;
    }

    /** Reads a chunk-size line; false when it is the last (zero-size) chunk. */
    private boolean startChunk(String header) throws IOException {
        int semicolon = header.indexOf(';');
        String hex = (semicolon >= 0 ? header.substring(0, semicolon) : header).strip();
        long size;
        try {
            size = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("a chunk size that is not hexadecimal: "
                    + (header.length() <= 20 ? header : header.substring(0, 20) + "…"));
        }
        if (size < 0) {
            throw new IOException("a negative chunk size");
        }
        if (size == 0) {
            lastSeen = true;
            return false;
        }
        remaining = size;
        return true;
    }
}
