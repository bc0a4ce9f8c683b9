package dev.jollama.core.http;

/**
 * How much of an answer read whole jollama holds (docs/reliability.md): beyond it, reading stops and
 * the request fails with the cap and the address in its message, instead of a heap filled by a runaway
 * or hostile server. Streams are read piece by piece and are not capped here.
 */
public final class AnswerSize {

    /**
     * A model list ({@code list}, an engine's {@code /v1/models}), {@code ps}, {@code show}, the
     * version, a load or unload answer, the registry's manifest and config: a few KiB in practice, and a
     * list of thousands of models fits easily.
     */
    public static final long MAX = 16L << 20;

    /** Embeddings: a batch of 64 inputs of 8192 dimensions is about 10 MiB of JSON numbers. */
    public static final long MAX_EMBEDDINGS = 64L << 20;

    private AnswerSize() {}
}
