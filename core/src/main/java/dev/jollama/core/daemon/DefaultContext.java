package dev.jollama.core.daemon;

/**
 * The context Ollama really gives a model, worked out as its server does ({@code server/routes.go},
 * 2025): a request's {@code num_ctx}, else {@code OLLAMA_CONTEXT_LENGTH}, else a size chosen from the
 * total VRAM (4096, 32768 from 23 GiB, 262144 from 47 GiB); never above the trained context. A
 * loaded model's {@code context_length} from {@code /api/ps} beats all of these: it is what the
 * daemon did, not what it would do.
 *
 * @param tokens the context
 * @param source why that number, in words fit for a note ("num_ctx", "OLLAMA_CONTEXT_LENGTH", …)
 */
public record DefaultContext(int tokens, String source) {

    public static final int SMALL = 4096;
    public static final int MEDIUM = 32768;
    public static final int LARGE = 262144;
    private static final long GIB = 1L << 30;

    /**
     * @param requested the request's num_ctx, or null
     * @param environment OLLAMA_CONTEXT_LENGTH as the daemon would read it, or null
     * @param totalVram the total VRAM of the daemon's GPUs in bytes (0 without one)
     * @param trained the model's trained context, or null when unknown
     * @param loaded a loaded model's context_length from /api/ps, or null
     */
    public static DefaultContext of(
            Integer requested, Integer environment, long totalVram, Long trained, Integer loaded) {
        if (loaded != null && loaded > 0) {
            return new DefaultContext(loaded, "as loaded (/api/ps)");
        }
        DefaultContext chosen;
        if (requested != null && requested > 0) {
            chosen = new DefaultContext(requested, "num_ctx");
        } else if (environment != null && environment > 0) {
            chosen = new DefaultContext(environment, "OLLAMA_CONTEXT_LENGTH");
        } else if (totalVram >= 47 * GIB) {
            chosen = new DefaultContext(LARGE, "Ollama's default for 47 GiB of VRAM or more");
        } else if (totalVram >= 23 * GIB) {
            chosen = new DefaultContext(MEDIUM, "Ollama's default for 23 GiB of VRAM or more");
        } else {
            chosen = new DefaultContext(SMALL, "Ollama's default below 23 GiB of VRAM");
        }
        if (trained != null && trained > 0 && chosen.tokens > trained) {
            return new DefaultContext(
                    (int) Math.min(Integer.MAX_VALUE, trained), chosen.source + ", capped at the trained context");
        }
        return chosen;
    }
}
