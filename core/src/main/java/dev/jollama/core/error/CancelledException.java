package dev.jollama.core.error;

/**
 * The user (Ctrl-C) or a closed output stopped a request before it finished. A streamed answer stopped
 * part-way carries what arrived of it (as much as is kept of an answer), so the chat can keep it
 * without a second copy of the stream.
 */
public final class CancelledException extends JollamaException {

    private final String partialAnswer;

    public CancelledException() {
        this("");
    }

    /** {@code partialAnswer}: the text of the answer that arrived before the stop, "" for none. */
    public CancelledException(String partialAnswer) {
        super("cancelled", null);
        this.partialAnswer = partialAnswer == null ? "" : partialAnswer;
    }

    /** The text of the answer that arrived before the stop; "" when none did. */
    public String partialAnswer() {
        return partialAnswer;
    }
}
