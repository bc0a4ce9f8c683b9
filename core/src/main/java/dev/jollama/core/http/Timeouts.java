package dev.jollama.core.http;

import java.time.Duration;

/**
 * How long jollama waits on the daemon. Each is a deadline for its whole wait, not a timeout per read,
 * so a peer that trickles a byte at a time cannot stretch it. The first-byte timeout is long on purpose:
 * a large model can take minutes to load before the first token, and cutting that short would waste
 * the load.
 *
 * @param connect to open the TCP connection, and for a TLS handshake after it
 * @param firstByte from sending the request to the first byte of the answer's body: the status line and
 *     the headers come within it
 * @param idle between two reads of a streamed answer once it has started; an answer read whole (a
 *     list, {@code show}, embeddings) must arrive whole within it from its first byte
 * @param total the whole exchange, connect to the last byte, whatever the others allow; null: no such
 *     bound (the daemon's answers stream as long as they produce)
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle, Duration total) {

    public static final Timeouts DEFAULT =
            new Timeouts(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(2));

    public Timeouts(Duration connect, Duration firstByte, Duration idle) {
        this(connect, firstByte, idle, null);
    }

    /** The same waits, with the whole exchange bounded by {@code total}. */
    public Timeouts within(Duration total) {
        return new Timeouts(connect, firstByte, idle, total);
    }
}
