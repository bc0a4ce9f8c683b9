package dev.jollama.core.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A daemon that goes silent with the connection open, the way a half-open connection or a model
 * loading looks from the client: it reads the request, optionally sends the headers and some chunks,
 * then sends nothing — and notices at once when the client hangs up, as Ollama does.
 */
final class SilentPeer implements AutoCloseable {

    private final ServerSocket server;
    private final int chunksBeforeSilence;
    private final AtomicInteger accepted = new AtomicInteger();
    private final CountDownLatch hungUp = new CountDownLatch(1);
    private final CountDownLatch requestRead = new CountDownLatch(1);

    /** {@code chunks}: -1 sends nothing at all (not even a status line); N sends headers and N chunks. */
    SilentPeer(int chunks) {
        this.chunksBeforeSilence = chunks;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::serve, "silent-peer");
        t.setDaemon(true);
        t.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    boolean awaitRequest(long millis) throws InterruptedException {
        return requestRead.await(millis, TimeUnit.MILLISECONDS);
    }

    /** True once the client closed its end. */
    boolean awaitHangUp(long millis) throws InterruptedException {
        return hungUp.await(millis, TimeUnit.MILLISECONDS);
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                Thread t = new Thread(() -> handle(socket), "silent-peer-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            skipRequest(in);
            requestRead.countDown();
            if (chunksBeforeSilence >= 0) {
                OutputStream out = socket.getOutputStream();
                out.write(
                        ("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < chunksBeforeSilence; i++) {
                    String line = "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"w" + i
                            + " \"},\"done\":false}\n";
                    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            }
            // Silence. A read blocks until the client hangs up: -1 or a reset.
            try {
                while (in.read() >= 0) {
                    // the client sends nothing more
                }
            } catch (IOException reset) {
                // a reset is a hang-up too
            }
            hungUp.countDown();
        } catch (IOException e) {
            hungUp.countDown();
        }
    }

    /** Reads the request line, the headers and a Content-Length body. */
    private static void skipRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        in.readNBytes(length);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
