package dev.jollama.core.error;

/**
 * The connection failed after part of an answer had arrived: what was shown stays, but the answer is
 * incomplete. Never retried, since sending again would repeat what the user already saw.
 */
public final class StreamBrokenException extends JollamaException {

    public StreamBrokenException(String what, Throwable cause) {
        super(what, cause);
    }
}
