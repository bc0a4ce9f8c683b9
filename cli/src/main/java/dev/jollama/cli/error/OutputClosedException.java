package dev.jollama.cli.error;

/** The reader of stdout went away: stop quietly, there is nobody left to tell. */
public final class OutputClosedException extends RuntimeException {

    public OutputClosedException() {
        super(null, null, false, false);
    }
}
