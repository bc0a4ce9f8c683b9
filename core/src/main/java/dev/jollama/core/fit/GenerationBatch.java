package dev.jollama.core.fit;

/**
 * The generation batch Ollama's scheduler picks when the request sets no {@code num_batch}, and the
 * memory it adds for it ({@code server/sched.go}: {@code automaticGenerationBatch},
 * {@code generationBatchSurcharge}): 512 up to 4096 tokens of context, 1024 up to 32768, 2048 above,
 * each step down while the model and the surcharge would not fit in 80 % of the memory it is placed
 * in (and, for 1024 and 2048, while the model alone takes more than 75 % or 60 % of it). 512 costs
 * nothing extra, 1024 costs 768 MiB, 2048 costs 2 GiB. With no GPU there is no memory to fit in and
 * the batch goes by the context alone.
 */
final class GenerationBatch {

    static final int DEFAULT = 512;
    static final int MEDIUM = 1024;
    static final int LARGE = 2048;

    private GenerationBatch() {}

    /**
     * @param context the context of all parallel slots together
     * @param predicted the model's estimate without a surcharge: file size + KV cache
     * @param available the free memory of the GPUs it is placed on (0: none)
     */
    static int choose(long context, long predicted, long available) {
        int batch = context > 32768 ? LARGE : context > 4096 ? MEDIUM : DEFAULT;
        while (batch > DEFAULT && !fits(batch, predicted, available)) {
            batch = batch > MEDIUM ? MEDIUM : DEFAULT;
        }
        return batch;
    }

    static long surcharge(int batch) {
        return batch >= LARGE ? 2L << 30 : batch >= MEDIUM ? 768L << 20 : 0;
    }

    private static boolean fits(int batch, long predicted, long available) {
        if (predicted == 0 || available == 0) {
            return true;
        }
        long threshold = percent(available, 80);
        if (predicted > threshold) {
            return false;
        }
        if (batch >= LARGE && predicted > percent(available, 60)) {
            return false;
        }
        if (batch >= MEDIUM && predicted > percent(available, 75)) {
            return false;
        }
        return surcharge(batch) <= threshold - predicted;
    }

    /** {@code bytes × p / 100} as Ollama computes it in integers, without overflowing a long. */
    private static long percent(long bytes, int p) {
        return bytes / 100 * p + bytes % 100 * p / 100;
    }
}
