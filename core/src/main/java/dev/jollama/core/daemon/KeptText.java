package dev.jollama.core.daemon;

/**
 * The start of a streamed text, up to a limit in UTF-8 bytes: what an answer keeps for the chat, for
 * {@code --json}, a batch line or its thinking, while every byte of it is printed as it arrives. Past
 * the limit the rest is passed on and dropped, so an endless answer costs the memory of its first
 * {@code limit} bytes, not of all of it.
 */
public final class KeptText {

    /**
     * What jollama keeps of an answer unless JOLLAMA_MAX_ANSWER says otherwise: about what a context of
     * a million tokens holds, more than any chat sends back, and at most 4M characters (8 MB of heap as
     * UTF-16, twice that while the text becomes a String), so that a 64 MB heap keeps it and saves the
     * chat (measured: docs/reliability.md).
     */
    public static final long DEFAULT_LIMIT = 4L * 1024 * 1024;

    private final long limit;
    private final StringBuilder text = new StringBuilder();
    private long kept;
    private boolean cut;

    public KeptText(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit of " + limit + " bytes");
        }
        this.limit = limit;
    }

    /** Keeps as much of {@code chunk} as fits; never splits a character. */
    public void append(String chunk) {
        if (cut || chunk.isEmpty()) {
            return;
        }
        long room = limit - kept;
        int end = 0;
        long bytes = 0;
        int n = chunk.length();
        while (end < n) {
            char c = chunk.charAt(end);
            int width;
            int chars = 1;
            if (c < 0x80) {
                width = 1;
            } else if (c < 0x800) {
                width = 2;
            } else if (Character.isHighSurrogate(c) && end + 1 < n && Character.isLowSurrogate(chunk.charAt(end + 1))) {
                width = 4;
                chars = 2;
            } else {
                width = 3; // a lone surrogate goes out as U+FFFD, three bytes
            }
            if (bytes + width > room) {
                cut = true;
                break;
            }
            bytes += width;
            end += chars;
        }
        text.append(chunk, 0, end);
        kept += bytes;
    }

    /** Whether some of the text was not kept. */
    public boolean isCut() {
        return cut;
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    /** What was kept. */
    public String text() {
        return text.toString();
    }

    /** The text kept, or null when there was none (an answer without thinking). */
    public String textOrNull() {
        return text.isEmpty() ? null : text.toString();
    }
}
