package dev.jollama.core.chat;

/**
 * How many tokens the daemon will keep for a conversation, where that number comes from, and the most
 * the model was trained for.
 *
 * @param trainedMax null when the daemon does not say
 * @param source why this size, in words fit for a note: "num_ctx", "as loaded (/api/ps)", "Ollama's
 *     default below 23 GiB of VRAM" (see {@link dev.jollama.core.daemon.DefaultContext})
 * @param assumed true when jollama could not ask: the model is not loaded and nothing sets num_ctx, so
 *     the size is Ollama's default for a daemon whose VRAM jollama does not know
 */
public record ContextWindow(int size, Integer trainedMax, String source, boolean assumed) {

    public ContextWindow(int size, Integer trainedMax) {
        this(size, trainedMax, "", false);
    }

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

    /** "4096 tokens (num_ctx)": the size and where it comes from. */
    public String describe() {
        return size + " tokens" + (source == null || source.isEmpty() ? "" : " (" + source + ")");
    }
}
