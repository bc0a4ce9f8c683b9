package dev.jollama.core.fit;

import dev.jollama.core.hardware.Verdict.Fit;

/**
 * Whether and how a model runs here, before it is downloaded. Sizes in bytes.
 *
 * @param context the context checked: the one asked for, lowered to the model's trained maximum as
 *     Ollama does
 * @param trainedContext the model's trained maximum context
 * @param gpuLayers layers that fit on the GPUs (all of them for {@code GPU}, 0 for {@code CPU})
 * @param maxContextGpu the largest context that still runs wholly on the GPUs; null if none does
 * @param maxContextCpu the largest context that fits in the memory; null if none does
 * @param tokensPerSecondLow a generation speed estimate from memory bandwidth: the low end
 * @param headerBytesRead how much of the model layer was read to learn its shape
 */
public record FitReport(
        String model,
        String family,
        String parameterSize,
        String quantization,
        int context,
        long trainedContext,
        int parallel,
        String kvCache,
        long weightsBytes,
        long kvCacheBytes,
        long graphBytes,
        long totalBytes,
        int layers,
        Fit fit,
        int gpuLayers,
        String reason,
        Integer maxContextGpu,
        Integer maxContextCpu,
        Double tokensPerSecondLow,
        Double tokensPerSecondHigh,
        long headerBytesRead) {

    public boolean fits() {
        return fit != Fit.WONT_FIT;
    }
}
