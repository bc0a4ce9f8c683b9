package dev.jollama.core.http;

import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.StreamBrokenException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;

/**
 * One answer being read: its status, headers and body. Closing it closes the socket, which tells the
 * daemon to stop at once; nothing is drained.
 */
public final class HttpCall implements AutoCloseable {

    private final Socket socket;
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;
    private final Cancellation cancellation;
    private final Runnable deregister;
    private final HttpTransport transport;

    HttpCall(
            Socket socket,
            int status,
            Map<String, String> headers,
            InputStream body,
            Cancellation cancellation,
            Runnable deregister,
            HttpTransport transport) {
        this.socket = socket;
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

    /** The decoded body; its reads time out after the idle timeout. */
    public InputStream body() {
        return body;
    }

    /** What a failed body read means: a cancel, an idle timeout, or a connection that broke. */
    public JollamaException failure(IOException e) {
        if (cancellation.isCancelled()) {
            return new CancelledException();
        }
        if (e instanceof SocketTimeoutException) {
            return transport.idleTimeout(e);
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
}
