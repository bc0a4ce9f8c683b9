package dev.jollama.core.error;

/** The user (Ctrl-C) or a closed output stopped a request before it finished. */
public final class CancelledException extends JollamaException {

    public CancelledException() {
        super("cancelled", null);
    }
}
