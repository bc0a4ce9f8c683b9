package dev.jollama.core.http;

import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.StreamBrokenException;
import dev.jollama.core.text.ByteSize;
import dev.jollama.core.text.Excerpt;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Map;

/**
 * One answer being read: its status, headers and body. Closing it closes the socket, which tells the
 * daemon to stop at once; nothing is drained.
 */
public final class HttpCall implements AutoCloseable {

    private final TimedSocket socket;
    private final String method;
    private final URI target;
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;
    private final Cancellation cancellation;
    private final Runnable deregister;
    private final HttpTransport transport;

    HttpCall(
            TimedSocket socket,
            String method,
            URI target,
            int status,
            Map<String, String> headers,
            InputStream body,
            Cancellation cancellation,
            Runnable deregister,
            HttpTransport transport) {
        this.socket = socket;
        this.method = method;
        this.target = target;
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.cancellation = cancellation;
        this.deregister = deregister;
        this.transport = transport;
    }

    public int status() {
        return status;
    }

    /** A header's value, or null; names are case-insensitive. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** The decoded body of a stream; its reads time out after the idle timeout. */
    public InputStream body() {
        return body;
    }

    /**
     * The body of an answer read whole: at most {@code cap} bytes (more is an error naming the cap, read
     * no further), all of them within the idle timeout from the first. {@link #failure} words both.
     */
    public InputStream wholeBody(long cap) {
        socket.readWhole();
        return new CappedBody(body, cap);
    }

    /** The whole body as bytes, under {@link #wholeBody}'s bounds; a failure is already worded. */
    public byte[] readWhole(long cap) {
        try {
            return wholeBody(cap).readAllBytes();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** What a failed body read means: a cancel, a timeout, an answer too large, or a connection that broke. */
    public JollamaException failure(IOException e) {
        if (cancellation.isCancelled()) {
            return new CancelledException();
        }
        if (e instanceof SocketTimeoutException) {
            return transport.timeout(socket.expired(), e);
        }
        if (e instanceof TooLargeException large) {
            return new StreamBrokenException(
                    "the answer to " + method + " " + Excerpt.of(target.toString()) + " is larger than "
                            + ByteSize.human(large.cap) + ", more than jollama reads of such an answer"
                            + " (docs/reliability.md)",
                    e);
        }
        return new StreamBrokenException(
                "the connection to Ollama at " + transport.host() + " broke mid-stream; the answer is incomplete", e);
    }

    public boolean isCancelled() {
        return cancellation.isCancelled();
    }

    @Override
    public void close() {
        deregister.run();
        HttpTransport.closeQuietly(socket);
    }

    /** An answer read whole went past its cap: no more of it is read. */
    private static final class TooLargeException extends IOException {
        private final long cap;

        TooLargeException(long cap) {
            super("more than " + cap + " bytes");
            this.cap = cap;
        }
    }

    /** A body that fails once it has given {@code cap} bytes and has more. */
    private static final class CappedBody extends InputStream {
        private final InputStream in;
        private long left;
        private final long cap;

        CappedBody(InputStream in, long cap) {
            this.in = in;
            this.cap = cap;
            this.left = cap;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0 && left-- <= 0) {
                throw new TooLargeException(cap);
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            // One byte past the cap is asked for, so that an answer of exactly the cap is whole.
            int n = in.read(b, off, left >= len ? len : (int) left + 1);
            if (n > 0) {
                if (n > left) {
                    throw new TooLargeException(cap);
                }
                left -= n;
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
