package dev.jollama.core.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A socket whose reads keep to deadlines, not only to a timeout per read: a peer that trickles a byte
 * a second resets a socket timeout with each byte, and would make a wait that must end last forever.
 * Before each read of the network the socket timeout is set to what is left of the current wait. It is
 * the socket under TLS too, so the handshake's and each record's reads keep to the same bounds.
 *
 * <p>The waits, in order: the handshake (the connect timeout, whole); the answer's start, from sending
 * the request to the first byte of the body (the first-byte timeout, whole: status line and headers
 * included); then for a stream the idle timeout between reads, or for an answer read whole the idle
 * timeout for all of its body. An optional total bounds everything (the registry's reads).
 *
 * <p>A write has no socket timeout: a large request to a peer that does not read it is bounded by the
 * first-byte deadline through {@link #boundWrite}, which closes the socket when it passes.
 *
 * <p>Only the reading thread calls these methods; a cancel only closes the socket.
 */
final class TimedSocket extends Socket {

    /** What a read waits for; each has its own bound and its own words when it runs out. */
    enum Wait {
        HANDSHAKE,
        FIRST_BYTE,
        IDLE,
        WHOLE_ANSWER,
        TOTAL
    }

    private final long totalEnd; // System.nanoTime() by which every read has ended; Long.MAX_VALUE: none
    private Wait wait = Wait.HANDSHAKE;
    private long end = Long.MAX_VALUE; // of the current wait, except IDLE's
    private int idleMillis = 0;
    private boolean bodyPending; // the headers are read, the first byte of the body is not
    private boolean whole; // the body is read whole: from its first byte, WHOLE_ANSWER
    private Wait bound = Wait.HANDSHAKE; // what the socket timeout of the read in progress stands for
    private volatile boolean writeExpired;
    private InputStream input;

    /** {@code total}: the bound of the whole exchange, or null for none. */
    TimedSocket(Duration total) {
        this.totalEnd = total == null ? Long.MAX_VALUE : System.nanoTime() + total.toNanos();
    }

    /** What is left of the total, for the connect; null when there is no total. */
    Duration totalLeft() {
        return totalEnd == Long.MAX_VALUE ? null : Duration.ofNanos(Math.max(1, totalEnd - System.nanoTime()));
    }

    /** The TLS handshake must be over within {@code limit}. */
    void handshake(Duration limit) {
        enter(Wait.HANDSHAKE, limit);
    }

    /** From now (the request about to be sent) to the first byte of the body, within {@code limit}. */
    void awaitAnswer(Duration limit) {
        enter(Wait.FIRST_BYTE, limit);
        bodyPending = false;
    }

    /**
     * The headers are read: the first byte of the body is still under the first-byte deadline, unless it
     * has arrived already with them.
     */
    void headersRead(boolean bodyBuffered, Duration idle) {
        idleMillis = HttpTransport.millis(idle);
        bodyPending = true;
        if (bodyBuffered) {
            bodyStarted();
        }
    }

    /** Bytes of the body arrived (called by the buffer above, which tells header bytes from body bytes). */
    void received() {
        if (bodyPending) {
            bodyStarted();
        }
    }

    /** The body is to be read whole: all of it within the idle timeout from its first byte. */
    void readWhole() {
        whole = true;
        if (!bodyPending && wait == Wait.IDLE) {
            enter(Wait.WHOLE_ANSWER, Duration.ofMillis(idleMillis));
        }
    }

    /** Which bound the last read that timed out was waiting on. */
    Wait expired() {
        return bound;
    }

    /**
     * Bounds a write that may block, by the current wait's deadline: a socket timeout bounds reads only,
     * and a peer that never reads a large request would hold the write for ever. When the deadline
     * passes the socket is closed, which ends the write; {@link #writeExpired()} then says why. Returns
     * what to run once the write is done. The one thread this needs is started only by the first large
     * request, so that the commands whose requests are small never pay for it.
     */
    Runnable boundWrite() {
        long endAt = Math.min(end, totalEnd);
        if (endAt == Long.MAX_VALUE) {
            return () -> {};
        }
        java.util.concurrent.ScheduledFuture<?> closing = Watchdog.TIMER.schedule(
                () -> {
                    writeExpired = true;
                    HttpTransport.closeQuietly(this);
                },
                Math.max(0, endAt - System.nanoTime()),
                java.util.concurrent.TimeUnit.NANOSECONDS);
        return () -> closing.cancel(false);
    }

    /** True when {@link #boundWrite} closed the socket: the peer did not take the request in time. */
    boolean writeExpired() {
        return writeExpired;
    }

    /** The timer of {@link #boundWrite}, started on first use. */
    private static final class Watchdog {
        static final java.util.concurrent.ScheduledThreadPoolExecutor TIMER = timer();

        private static java.util.concurrent.ScheduledThreadPoolExecutor timer() {
            java.util.concurrent.ScheduledThreadPoolExecutor timer =
                    new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
                        Thread t = new Thread(r, "jollama-write-deadline");
                        t.setDaemon(true);
                        return t;
                    });
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }

    private void bodyStarted() {
        bodyPending = false;
        if (whole) {
            enter(Wait.WHOLE_ANSWER, Duration.ofMillis(idleMillis));
        } else {
            wait = Wait.IDLE;
            end = Long.MAX_VALUE;
        }
    }

    private void enter(Wait next, Duration limit) {
        wait = next;
        long now = System.nanoTime();
        long nanos = limit.toNanos();
        end = nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
    }

    /** Sets the socket timeout to what is left before the read; none left is a timeout now. */
    private void beforeRead() throws IOException {
        long now = System.nanoTime();
        long left;
        if (wait == Wait.IDLE) {
            left = idleMillis * 1_000_000L;
            bound = Wait.IDLE;
        } else {
            left = end == Long.MAX_VALUE ? Long.MAX_VALUE : end - now;
            bound = wait;
        }
        if (totalEnd != Long.MAX_VALUE && totalEnd - now < left) {
            left = totalEnd - now;
            bound = Wait.TOTAL;
        }
        if (left <= 0) {
            throw new SocketTimeoutException("the " + bound + " deadline passed");
        }
        // Rounded up, so that a wait with less than a millisecond left does not become "no timeout" (0).
        setSoTimeout(left == Long.MAX_VALUE ? 0 : (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (input == null) {
            input = new FilterInputStream(super.getInputStream()) {
                @Override
                public int read() throws IOException {
                    beforeRead();
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    beforeRead();
                    return in.read(b, off, len);
                }
            };
        }
        return input;
    }
}
