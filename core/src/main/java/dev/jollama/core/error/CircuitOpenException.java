package dev.jollama.core.error;

import java.net.URI;

/**
 * Recent calls failed so often that jollama stopped sending for a while, to fail fast. The message
 * says what those failures were and how long the pause lasts.
 */
public final class CircuitOpenException extends DaemonUnreachableException {

    public CircuitOpenException(URI host, String message) {
        super(host, message, null, false);
    }
}
