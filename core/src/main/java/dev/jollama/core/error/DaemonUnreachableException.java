package dev.jollama.core.error;

import java.net.URI;

/** The daemon could not be reached at all: nothing was sent or nothing came back. */
public class DaemonUnreachableException extends JollamaException {

    private final URI host;
    private final boolean retriable;

    public DaemonUnreachableException(URI host, Throwable cause) {
        this(host, cause, true);
    }

    /**
     * @param retriable false when the attempt already waited out the whole connect timeout (a host
     *     that drops packets): trying again would only multiply the wait
     */
    public DaemonUnreachableException(URI host, Throwable cause, boolean retriable) {
        this(host, "Ollama is not reachable at " + host + ": start it with `ollama serve`", cause, retriable);
    }

    protected DaemonUnreachableException(URI host, String message, Throwable cause, boolean retriable) {
        super(message, cause);
        this.host = host;
        this.retriable = retriable;
    }

    public URI host() {
        return host;
    }

    /** Connection refused or reset before a byte of the answer arrived: safe to send again. */
    @Override
    public boolean isRetriable() {
        return retriable;
    }
}
