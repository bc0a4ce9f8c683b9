package dev.jollama.core.http;

import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.StreamBrokenException;
import dev.jollama.core.error.TlsFailureException;
import dev.jollama.core.text.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 over a socket jollama owns, one connection per request. Owning the socket is what makes
 * cancelling work in every phase: {@link Socket#close()} from another thread wakes a blocked connect,
 * handshake or read at once and tells the daemon to stop, where {@code HttpURLConnection.disconnect()}
 * waits for the lock its blocked reader holds (docs/architecture.md). The timeouts are deadlines kept
 * by the socket itself ({@link TimedSocket}), so no watchdog thread is needed: connect, then the first
 * byte of the answer (a model loading: status line and headers included, however slowly they come),
 * then idle between reads of a stream, or the whole of an answer read whole.
 */
public final class HttpTransport {

    private static final int MAX_HEAD = 64 * 1024;

    /** A request body up to this size is taken by the kernel's socket buffers whatever the peer does. */
    private static final int UNBLOCKED_WRITE = 64 * 1024;

    private final OllamaHost host;
    private final Timeouts timeouts;
    private final HttpSettings settings;

    public HttpTransport(OllamaHost host, Timeouts timeouts, HttpSettings settings) {
        this.host = host;
        this.timeouts = timeouts;
        this.settings = settings;
    }

    OllamaHost host() {
        return host;
    }

    /**
     * Sends a request and waits for the status line and headers. Failures before any answer byte are
     * {@link DaemonUnreachableException}s (retriable where sending again is safe); a request cancelled
     * before it is sent is never sent.
     */
    public HttpCall open(String method, String path, byte[] payload, Cancellation cancellation) {
        return open(host.resolve(path), method, Map.of(), payload, cancellation);
    }

    /** A request to any address (the model registry, its CDN), with extra headers such as Range. */
    public HttpCall open(
            URI target, String method, Map<String, String> headers, byte[] payload, Cancellation cancellation) {
        if (cancellation.isCancelled()) {
            throw new CancelledException();
        }
        TimedSocket socket = new TimedSocket(timeouts.total());
        Runnable deregister = cancellation.onCancel(() -> closeQuietly(socket));
        try {
            HttpCall call = exchange(socket, target, method, headers, payload, cancellation, deregister);
            deregister = null;
            return call;
        } finally {
            if (deregister != null) {
                deregister.run();
                closeQuietly(socket);
            }
        }
    }

    private HttpCall exchange(
            TimedSocket socket,
            URI target,
            String method,
            Map<String, String> extraHeaders,
            byte[] payload,
            Cancellation cancellation,
            Runnable deregister) {
        Consumer<String> trace = settings.trace();
        if (trace != null) {
            trace.accept("> " + method + " " + target + (payload == null ? "" : " (" + payload.length + " bytes)"));
            for (String name : settings.headers().names()) {
                trace.accept(
                        "> " + name + ": <redacted: from " + settings.headers().source() + ">");
            }
            if (!settings.headers().has("Authorization")) {
                if (host.credentials() != null) {
                    trace.accept("> Authorization: " + host.credentials());
                } else if (settings.apiKey() != null) {
                    trace.accept("> Authorization: " + settings.apiKey().redacted());
                }
            }
        }
        long started = System.nanoTime();
        OllamaHost.Endpoint endpoint = OllamaHost.Endpoint.of(target);
        String name = endpoint.name();
        int port = endpoint.port();
        InetSocketAddress address = new InetSocketAddress(name, port);
        if (address.isUnresolved()) {
            throw DaemonUnreachableException.unknownHost(host.uri());
        }
        Duration connect = atMost(timeouts.connect(), socket.totalLeft());
        try {
            socket.connect(address, millis(connect));
            socket.setTcpNoDelay(true);
        } catch (SocketTimeoutException e) {
            throw cancelledOr(cancellation, DaemonUnreachableException.connectTimeout(host.uri(), connect, e));
        } catch (IOException e) {
            throw cancelledOr(cancellation, DaemonUnreachableException.refused(host.uri(), e));
        }
        boolean tls = "https".equalsIgnoreCase(target.getScheme());
        Socket io = tls ? handshake(socket, name, port, cancellation) : socket;
        // The first-byte deadline runs from here: the status line and headers come within it, whole.
        socket.awaitAnswer(timeouts.firstByte());
        // A small request fits the socket's buffers and cannot block; a large one (images, a long
        // prompt) can, on a peer that does not read it: its write keeps to the same deadline.
        Runnable written = payload != null && payload.length > UNBLOCKED_WRITE ? socket.boundWrite() : () -> {};
        try {
            OutputStream out = io.getOutputStream();
            out.write(head(method, target, extraHeaders, payload));
            if (payload != null) {
                out.write(payload);
            }
            out.flush();
        } catch (IOException e) {
            if (socket.writeExpired() && !cancellation.isCancelled()) {
                throw new StreamBrokenException(
                        "Ollama at " + host + " did not take the request within "
                                + Durations.human(timeouts.firstByte())
                                + " (first-byte timeout; raise timeouts.firstByte in the config)",
                        e);
            }
            throw cancelledOr(cancellation, DaemonUnreachableException.dropped(host.uri(), e));
        } finally {
            written.run();
        }
        SocketInput in;
        int status;
        Map<String, String> headers = new HashMap<>();
        try {
            in = new SocketInput(io.getInputStream(), socket::received);
            String statusLine = readLine(in, true);
            if (statusLine == null) {
                throw cancelledOr(cancellation, DaemonUnreachableException.dropped(host.uri(), null));
            }
            status = parseStatus(statusLine);
            String line;
            int size = statusLine.length();
            while ((line = readLine(in, false)) != null && !line.isEmpty()) {
                size += line.length();
                if (size > MAX_HEAD) {
                    throw new IOException("more than " + MAX_HEAD + " bytes of headers");
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(
                            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).strip());
                }
            }
            if (line == null) {
                throw new IOException("the headers ended early");
            }
            socket.headersRead(in.buffered() > 0, timeouts.idle());
        } catch (SocketTimeoutException e) {
            throw cancelledOr(cancellation, timeout(socket.expired(), e));
        } catch (NotHttpException e) {
            throw cancelledOr(cancellation, DaemonUnreachableException.notHttp(host.uri(), e));
        } catch (IOException e) {
            throw cancelledOr(cancellation, DaemonUnreachableException.dropped(host.uri(), e));
        }
        if (trace != null) {
            trace.accept("< " + status + " " + headers.getOrDefault("content-type", "") + " after "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
        InputStream body = body(method, status, headers, in);
        return new HttpCall(socket, method, target, status, headers, body, cancellation, deregister, this);
    }

    /** The TLS layer over our own socket: cancelling still closes the socket underneath. */
    private Socket handshake(TimedSocket socket, String name, int port, Cancellation cancellation) {
        try {
            SSLSocketFactory factory = settings.tlsSockets() != null
                    ? settings.tlsSockets()
                    : (SSLSocketFactory) SSLSocketFactory.getDefault();
            SSLSocket tls = (SSLSocket) factory.createSocket(socket, name, port, true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            // A plain-http daemon never answers a handshake: bound it by the connect timeout, whole.
            socket.handshake(timeouts.connect());
            tls.startHandshake();
            return tls;
        } catch (SocketTimeoutException e) {
            throw cancelledOr(
                    cancellation,
                    new TlsFailureException(
                            host.uri(),
                            host + " did not complete a TLS handshake within " + Durations.human(timeouts.connect())
                                    + ": if it serves plain http, use http://",
                            e));
        } catch (SSLException e) {
            throw cancelledOr(cancellation, new TlsFailureException(host.uri(), e));
        } catch (IOException e) {
            throw cancelledOr(cancellation, DaemonUnreachableException.dropped(host.uri(), e));
        }
    }

    private byte[] head(String method, URI target, Map<String, String> extraHeaders, byte[] payload) {
        String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        StringBuilder head = new StringBuilder(256)
                .append(method)
                .append(' ')
                .append(path.isEmpty() ? "/" : path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(target.getRawAuthority())
                .append("\r\n");
        if (!settings.headers().has("User-Agent")) {
            head.append("User-Agent: jollama\r\n");
        }
        // One request per connection: nothing is left to drain, and a hang-up is unambiguous.
        head.append("Connection: close\r\n");
        if (!extraHeaders.containsKey("Accept")) {
            head.append("Accept: application/x-ndjson, application/json\r\n");
        }
        for (Map.Entry<String, String> h : extraHeaders.entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        // A proxy's headers, given for this host; ExtraHeaders refused the ones that frame the request.
        for (Map.Entry<String, String> h : settings.headers().values().entrySet()) {
            if (!extraHeaders.containsKey(h.getKey())) {
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
        }
        if (payload != null) {
            head.append("Content-Type: application/json\r\n")
                    .append("Content-Length: ")
                    .append(payload.length)
                    .append("\r\n");
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
            head.append("Content-Length: 0\r\n");
        }
        // An Authorization among the host's headers was written for it (sent above): it wins over both
        // (docs/security.md). Credentials written in the address are what the user meant for this host: they
        // win over a key.
        String authorization = settings.headers().has("Authorization")
                ? null
                : host.credentials() != null
                        ? host.credentials().authorization()
                        : settings.apiKey() != null ? settings.apiKey().authorization() : null;
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static InputStream body(String method, int status, Map<String, String> headers, SocketInput in) {
        if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
            return InputStream.nullInputStream();
        }
        String encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new ChunkedBody(in);
        }
        String length = headers.get("content-length");
        if (length != null) {
            try {
                return new LengthBody(in, Long.parseLong(length.strip()));
            } catch (NumberFormatException e) {
                // An unreadable length: read to the end of the connection, as HTTP/1.0 did.
            }
        }
        return in;
    }

    /** A wait that ran out, in the words of the timeout that bounds it and how to change it. */
    StreamBrokenException timeout(TimedSocket.Wait wait, Exception cause) {
        String text =
                switch (wait) {
                    case IDLE ->
                        "Ollama at " + host + " sent nothing for " + Durations.human(timeouts.idle())
                                + " (idle timeout; timeouts.idle in the config); the answer is incomplete";
                    case WHOLE_ANSWER ->
                        "Ollama at " + host + " did not send the whole of its answer within "
                                + Durations.human(timeouts.idle())
                                + " of its start (idle timeout; timeouts.idle in the config)";
                    case TOTAL ->
                        "Ollama at " + host + " did not finish answering within " + Durations.human(timeouts.total())
                                + " (the deadline of the whole request)";
                    // A handshake's own timeout is told by handshake(); here only the answer's start is left.
                    case FIRST_BYTE, HANDSHAKE ->
                        "Ollama at " + host + " did not answer within "
                                + Durations.human(timeouts.firstByte())
                                + " (first-byte timeout; raise timeouts.firstByte in the config)";
                };
        return new StreamBrokenException(text, cause);
    }

    private static RuntimeException cancelledOr(Cancellation cancellation, RuntimeException failure) {
        return cancellation.isCancelled() ? new CancelledException() : failure;
    }

    /** A line of the status or headers, without its CRLF; null at the end of the stream before any byte. */
    static String readLine(InputStream in, boolean first) throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        boolean any = false;
        while ((c = in.read()) >= 0) {
            any = true;
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_HEAD) {
                throw first ? new NotHttpException() : new IOException("a header line longer than " + MAX_HEAD);
            }
            line.append((char) c);
        }
        if (!any) {
            return null;
        }
        throw new IOException("the connection closed within a header line");
    }

    private static int parseStatus(String line) throws NotHttpException {
        // HTTP/1.1 200 OK
        if (!line.startsWith("HTTP/") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new NotHttpException();
        }
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new NotHttpException();
        }
    }

    private static Duration atMost(Duration limit, Duration left) {
        return left != null && left.compareTo(limit) < 0 ? left : limit;
    }

    static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is the last thing done with it; there is nobody left to tell.
        }
    }

    /** The peer answered bytes that are not an HTTP status line. */
    private static final class NotHttpException extends IOException {
        NotHttpException() {
            super("not an HTTP status line");
        }
    }
}
