package dev.jollama.core.chat;

/**
 * How many tokens the daemon will keep for a conversation, and the most the model was trained for.
 *
 * @param trainedMax null when the daemon does not say
 */
public record ContextWindow(int size, Integer trainedMax) {

    /** A rough token count: about four characters a token for English text and code. */
    public static int estimateTokens(String text) {
        return (text.length() + 3) / 4;
    }

    /**
     * The num_ctx to suggest for {@code tokens} of input plus room for an answer: the next power of two,
     * capped at the trained maximum.
     */
    public int suggestFor(int tokens) {
        int wanted = Integer.highestOneBit(Math.max(1, tokens + 1024) - 1) << 1;
        return trainedMax != null ? Math.min(wanted, trainedMax) : wanted;
    }
}
