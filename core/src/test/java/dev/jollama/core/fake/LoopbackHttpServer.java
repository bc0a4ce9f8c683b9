package dev.jollama.core.fake;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP/1.1 server on loopback: a daemon thread per connection, requests one after another on
 * a kept-alive connection, bodies by Content-Length or chunked. The handler holds the socket, so it
 * can stay silent before the headers, cut a chunked body, and notice a hang-up the moment it happens
 * by reading; com.sun.net.httpserver can do none of these.
 */
final class LoopbackHttpServer implements AutoCloseable {

    /** Answers one request; it must respond, stream and close, or drop the connection. */
    interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    private static final int MAX_HEAD = 64 * 1024;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final ServerSocket listener;
    private final Handler handler;
    private final boolean tls;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Listens on 127.0.0.1 (port 0 picks a free one); with a TLS context, speaks only TLS. */
    LoopbackHttpServer(int port, SSLContext tls, Handler handler) throws IOException {
        this.handler = handler;
        this.tls = tls != null;
        listener =
                tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        Thread acceptor = new Thread(this::acceptAll, "fake-ollama-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    boolean isTls() {
        return tls;
    }

    /** Stops listening and closes every open connection, which wakes their threads. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        connections.forEach(LoopbackHttpServer::closeQuietly);
    }

    private void acceptAll() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    pause(); // one failed accept, such as too many open files: the next may work
                }
                continue;
            }
            connections.add(socket);
            if (closed) { // close() ran between accept and add: it did not see this socket
                closeQuietly(socket);
                return;
            }
            Thread thread = new Thread(() -> serve(socket), "fake-ollama");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void serve(Socket socket) {
        Exchange exchange = null;
        try {
            // Go's net/http, and so Ollama, sets TCP_NODELAY; without it each small answer would wait
            // out a delayed ACK (~40 ms), which is not the daemon's behaviour.
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            if (!tls && startsWithTlsHandshake(in)) {
                // A client speaking https to the plain port: no answer, so that its handshake timeout ends
                // it, as with the JDK server before (and Go's, unless the hello holds a line feed).
                in.transferTo(OutputStream.nullOutputStream());
                return;
            }
            do {
                exchange = Exchange.read(this, socket, in, out);
                if (exchange == null) {
                    return; // the client closed the connection between requests
                }
                handler.handle(exchange);
            } while (exchange.completed());
        } catch (BadRequest e) {
            writeQuietly(
                    socket,
                    "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
                            + "Connection: close\r\nContent-Length: 15\r\n\r\n400 Bad Request");
        } catch (IOException e) {
            // The client hung up, or the server is closing: the connection ends here.
        } catch (RuntimeException e) {
            // A bug in the fake: say so rather than look like a dropped connection.
            System.err.println("fake-ollama: the handler failed: " + e);
            e.printStackTrace();
            if (exchange != null && !exchange.started) {
                writeQuietly(
                        socket,
                        "HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n" + "Content-Length: 0\r\n\r\n");
            }
        } finally {
            connections.remove(socket);
            closeQuietly(socket);
        }
    }

    private static boolean startsWithTlsHandshake(InputStream in) throws IOException {
        in.mark(1);
        int first = in.read();
        in.reset();
        return first == 0x16; // the content type of a TLS handshake record
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void writeQuietly(Socket socket, String response) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(response.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // nobody left to tell
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is best effort
        }
    }

    /** A request that is not HTTP/1.x: answered with 400, then the connection closes. */
    private static final class BadRequest extends IOException {
        BadRequest(String message) {
            super(message);
        }
    }

    /** One request, read in full, and the means to answer it on its connection. */
    static final class Exchange {
        private final LoopbackHttpServer server;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String method;
        private final String path;
        private final Map<String, List<String>> headers;
        private final boolean keepAlive;
        private byte[] body = new byte[0];
        private boolean started;
        private boolean finished;
        private boolean dropped;

        private Exchange(
                LoopbackHttpServer server,
                Socket socket,
                InputStream in,
                OutputStream out,
                String method,
                String path,
                Map<String, List<String>> headers,
                boolean keepAlive) {
            this.server = server;
            this.socket = socket;
            this.in = in;
            this.out = out;
            this.method = method;
            this.path = path;
            this.headers = headers;
            this.keepAlive = keepAlive;
        }

        /** The next request on the connection; null if the client closed it before sending one. */
        static Exchange read(LoopbackHttpServer server, Socket socket, InputStream in, OutputStream out)
                throws IOException {
            int[] budget = {MAX_HEAD};
            String requestLine = readLine(in, budget);
            while (requestLine != null && requestLine.isEmpty()) {
                requestLine = readLine(in, budget); // RFC 9112: ignore empty lines before a request
            }
            if (requestLine == null) {
                return null;
            }
            String[] parts = requestLine.split(" ", -1);
            if (parts.length != 3 || parts[0].isEmpty() || !parts[2].startsWith("HTTP/1.")) {
                throw new BadRequest("not an HTTP/1.x request line: " + requestLine);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            String line;
            while (!(line = requireLine(in, budget)).isEmpty()) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new BadRequest("not a header: " + line);
                }
                String name = line.substring(0, colon).strip();
                String existing = headers.keySet().stream()
                        .filter(name::equalsIgnoreCase)
                        .findFirst()
                        .orElse(name);
                headers.computeIfAbsent(existing, k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
            headers.replaceAll((k, v) -> List.copyOf(v));
            String connection = header(headers, "Connection");
            boolean http10 = parts[2].equals("HTTP/1.0");
            boolean keepAlive = http10 ? hasToken(connection, "keep-alive") : !hasToken(connection, "close");
            Exchange exchange = new Exchange(
                    server,
                    socket,
                    in,
                    out,
                    parts[0],
                    pathOf(parts[1]),
                    Collections.unmodifiableMap(headers),
                    keepAlive);
            exchange.readBody();
            return exchange;
        }

        String method() {
            return method;
        }

        /** The decoded path, without the query. */
        String path() {
            return path;
        }

        Map<String, List<String>> headers() {
            return headers;
        }

        byte[] body() {
            return body;
        }

        /** A header for the answer about to start (Location, Content-Range). */
        void addHeader(String name, String value) {
            extraHeaders.append(name).append(": ").append(value).append("\r\n");
        }

        /** A whole answer with its Content-Length; a null body sends none (Content-Length: 0). */
        void respond(int status, String contentType, byte[] content) throws IOException {
            byte[] bytes = content == null ? new byte[0] : content;
            writeHead(status, contentType, "Content-Length: " + bytes.length);
            if (!method.equals("HEAD")) {
                out.write(bytes);
            }
            out.flush();
            finished = true;
        }

        /**
         * Sends the head of a chunked answer; each {@code flush()} of the stream sends what was written
         * as one chunk, and {@code close()} ends the body. A stream never closed leaves the body unended.
         */
        OutputStream respondChunked(int status, String contentType) throws IOException {
            writeHead(status, contentType, "Transfer-Encoding: chunked");
            return new ChunkedOutputStream();
        }

        /** Closes the connection at once, whatever was sent so far: no (further) answer. */
        void drop() {
            dropped = true;
            closeQuietly(socket);
        }

        /**
         * Blocks reading the connection until the client hangs up (end of stream or an error); any bytes
         * it sends meanwhile are ignored. True if the client hung up, false if the server was closed.
         */
        boolean awaitHangUp() {
            byte[] sink = new byte[1024];
            try {
                while (in.read(sink) >= 0) {
                    // the client may send more; only its hang-up matters
                }
            } catch (IOException e) {
                // a reset or the server closing the socket
            }
            return !server.closed;
        }

        /** Whether the answer ended properly and the connection may carry another request. */
        private boolean completed() {
            return finished && !dropped && keepAlive;
        }

        private final StringBuilder extraHeaders = new StringBuilder();

        private void writeHead(int status, String contentType, String framing) throws IOException {
            if (started) {
                throw new IllegalStateException("the answer has started already");
            }
            started = true;
            StringBuilder head = new StringBuilder(160)
                    .append("HTTP/1.1 ")
                    .append(status)
                    .append(' ')
                    .append(reason(status))
                    .append("\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            head.append("Date: ")
                    .append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)))
                    .append("\r\n");
            if (!keepAlive) {
                head.append("Connection: close\r\n");
            }
            head.append(extraHeaders);
            head.append(framing).append("\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        private void readBody() throws IOException {
            String encoding = header(headers, "Transfer-Encoding");
            String length = header(headers, "Content-Length");
            boolean chunked = encoding != null && hasToken(encoding, "chunked");
            if (!chunked && length == null) {
                return;
            }
            if ("100-continue".equalsIgnoreCase(header(headers, "Expect"))) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            if (chunked) {
                body = readChunked();
                return;
            }
            long n;
            try {
                n = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw new BadRequest("bad Content-Length: " + length);
            }
            if (n < 0 || n > Integer.MAX_VALUE - 8) {
                throw new BadRequest("bad Content-Length: " + length);
            }
            body = in.readNBytes((int) n);
            if (body.length < n) {
                throw new EOFException("the request body ended early");
            }
        }

        private byte[] readChunked() throws IOException {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            int[] budget = {MAX_HEAD};
            while (true) {
                String sizeLine = requireLine(in, budget);
                int extension = sizeLine.indexOf(';');
                String hex = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).strip();
                int size;
                try {
                    size = Integer.parseInt(hex, 16);
                } catch (NumberFormatException e) {
                    throw new BadRequest("bad chunk size: " + sizeLine);
                }
                if (size < 0) {
                    throw new BadRequest("bad chunk size: " + sizeLine);
                }
                if (size == 0) {
                    while (!requireLine(in, budget).isEmpty()) {
                        // trailers: read and ignored
                    }
                    return content.toByteArray();
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length < size) {
                    throw new EOFException("the request body ended early");
                }
                content.write(chunk);
                if (!requireLine(in, budget).isEmpty()) {
                    throw new BadRequest("a chunk longer than its size");
                }
            }
        }

        /** The body of a chunked answer: what a flush sends is one chunk; close ends the body. */
        private final class ChunkedOutputStream extends OutputStream {
            private final byte[] buffer = new byte[8192];
            private int count;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                if (count == buffer.length) {
                    writeChunk();
                }
                buffer[count++] = (byte) b;
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                while (length > 0) {
                    if (count == buffer.length) {
                        writeChunk();
                    }
                    int n = Math.min(length, buffer.length - count);
                    System.arraycopy(bytes, offset, buffer, count, n);
                    count += n;
                    offset += n;
                    length -= n;
                }
            }

            @Override
            public void flush() throws IOException {
                writeChunk();
                out.flush();
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                writeChunk();
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                finished = true;
            }

            private void writeChunk() throws IOException {
                if (count == 0) {
                    return; // an empty chunk would end the body
                }
                out.write((Integer.toHexString(count) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(buffer, 0, count);
                out.write('\r');
                out.write('\n');
                count = 0;
            }
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    private static boolean hasToken(String value, String token) {
        if (value == null) {
            return false;
        }
        for (String part : value.split(",")) {
            if (part.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    private static String pathOf(String target) {
        try {
            URI uri = new URI(target);
            String path = uri.getPath();
            return path == null || path.isEmpty() ? "/" : path;
        } catch (URISyntaxException e) {
            int query = target.indexOf('?');
            return query >= 0 ? target.substring(0, query) : target;
        }
    }

    /** A line without its CRLF (or bare LF), within the head's byte budget; null at end of stream. */
    private static String readLine(InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (--budget[0] < 0) {
                throw new BadRequest("more than " + MAX_HEAD + " bytes of head");
            }
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.UTF_8);
            }
            line.write(c);
        }
        if (line.size() > 0) {
            throw new EOFException("the connection ended mid-line");
        }
        return null;
    }

    private static String requireLine(InputStream in, int[] budget) throws IOException {
        String line = readLine(in, budget);
        if (line == null) {
            throw new EOFException("the connection ended mid-request");
        }
        return line;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "status code " + status; // Go's wording for a code it has no text for (499)
        };
    }
}
