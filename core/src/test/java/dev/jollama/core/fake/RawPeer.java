package dev.jollama.core.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A hostile server on loopback, bytes on a raw socket: it reads each request and answers whatever its
 * script writes, however slowly, however much, however wrong — what no well-behaved HTTP server
 * library would send. It notices at once when the client hangs up ({@link #awaitHangUp}).
 */
public final class RawPeer implements AutoCloseable {

    /** What the peer writes for one request; an IOException (the client hung up) ends it quietly. */
    @FunctionalInterface
    public interface Script {
        void answer(Request request, OutputStream out) throws IOException, InterruptedException;
    }

    /** A request as read: its request line, its headers as sent, its body. */
    public record Request(String line, String head, String body) {
        public String path() {
            String[] parts = line.split(" ");
            return parts.length > 1 ? parts[1] : "";
        }
    }

    private final ServerSocket server;
    private final Script script;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch hungUp = new CountDownLatch(1);

    private RawPeer(Script script) {
        this.script = script;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::serve, "raw-peer");
        t.setDaemon(true);
        t.start();
    }

    public static RawPeer start(Script script) {
        return new RawPeer(script);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Request> requests() {
        return requests;
    }

    /** True once a client closed its end of a connection while the script was answering or after. */
    public boolean awaitHangUp(long millis) throws InterruptedException {
        return hungUp.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Writes {@code bytes} one at a time, {@code pauseMillis} apart: a server that trickles. */
    public static void trickle(OutputStream out, String text, long pauseMillis)
            throws IOException, InterruptedException {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.write(b);
            out.flush();
            Thread.sleep(pauseMillis);
        }
    }

    /** One chunk of a chunked body. */
    public static void chunk(OutputStream out, byte[] bytes) throws IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Blocks until the client hangs up: silence with the connection open. */
    public static void silence(InputStream in) {
        try {
            while (in.read() >= 0) {
                // the client sends nothing more
            }
        } catch (IOException reset) {
            // a reset is a hang-up too
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> handle(socket), "raw-peer-connection");
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
            Request request = read(in);
            requests.add(request);
            try {
                script.answer(request, socket.getOutputStream());
                socket.getOutputStream().flush();
                socket.shutdownOutput();
                silence(in);
            } catch (IOException hungUpMidAnswer) {
                // the client closed the connection
            }
            hungUp.countDown();
        } catch (IOException | InterruptedException e) {
            hungUp.countDown();
        }
    }

    private static Request read(InputStream in) throws IOException {
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
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        String text = head.toString();
        int end = text.indexOf("\r\n");
        return new Request(end >= 0 ? text.substring(0, end) : text, text, body);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing at the end of a test
        }
    }
}
