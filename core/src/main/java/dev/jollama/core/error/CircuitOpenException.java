package dev.jollama.core.error;

import java.net.URI;

/** Recent calls failed so often that jollama stopped trying for a while, to fail fast. */
public final class CircuitOpenException extends DaemonUnreachableException {

    public CircuitOpenException(URI host) {
        super(host, "Ollama is not reachable at " + host + ": start it with `ollama serve`", null, false);
    }
}
