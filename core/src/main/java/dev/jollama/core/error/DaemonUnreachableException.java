package dev.jollama.core.error;

import java.net.URI;

/** The daemon could not be reached at all: nothing was sent or nothing came back. */
public class DaemonUnreachableException extends JollamaException {

    private final URI host;

    public DaemonUnreachableException(URI host, Throwable cause) {
        this(host, "Ollama is not reachable at " + host + ": start it with `ollama serve`", cause);
    }

    protected DaemonUnreachableException(URI host, String message, Throwable cause) {
        super(message, cause);
        this.host = host;
    }

    public URI host() {
        return host;
    }

    /** Connection refused or reset before a byte of the answer arrived: safe to send again. */
    @Override
    public boolean isRetriable() {
        return true;
    }
}
