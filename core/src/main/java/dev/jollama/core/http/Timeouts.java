package dev.jollama.core.http;

import java.time.Duration;

/**
 * How long jollama waits on the daemon. The first-byte timeout is long on purpose: a large model can
 * take minutes to load before the first token, and cutting that short would waste the load.
 *
 * @param connect to open the TCP connection
 * @param firstByte from sending the request to the first byte of the answer
 * @param idle between two streamed chunks once the answer has started
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle) {

    public static final Timeouts DEFAULT =
            new Timeouts(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(2));
}
