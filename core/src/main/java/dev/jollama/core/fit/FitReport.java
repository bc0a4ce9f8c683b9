package dev.jollama.core.fit;

import dev.jollama.core.hardware.Verdict.Fit;

/**
 * Whether and how a model runs here, before it is downloaded. Sizes in bytes; a value that does not
 * apply (a cloud model's context, a safetensors model's KV cache) is null.
 *
 * @param format {@code gguf}, {@code safetensors} (Ollama's MLX engine: weights only) or {@code
 *     cloud} (runs on ollama.com)
 * @param context the context checked: the one asked for, else Ollama's default, never above the
 *     model's trained maximum
 * @param contextSource why that context ("--ctx", "Ollama's default for 23 GiB of VRAM or more", …)
 * @param trainedContext the model's trained maximum context
 * @param weightsBytes the file sizes that load: the model layer, a projector, a draft model
 * @param draftBytes the draft model's share of the weights, null without one
 * @param kvCacheBytes the KV cache of every layer (attention caches and recurrent states)
 * @param recurrentStateBytes the recurrent layers' share of the KV cache, null when there are none
 * @param batch the generation batch Ollama picks ({@code num_batch}), null when it picks none
 * @param batchBytes what Ollama adds for a batch above 512 (768 MiB for 1024, 2 GiB for 2048)
 * @param totalBytes weights + KV cache + batch: Ollama's estimate
 * @param gpuLayers layers that fit on the GPUs (all of them for {@code GPU}, 0 for {@code CPU})
 * @param note what the estimate leaves out or adds to Ollama's, or null
 * @param maxContextGpu the largest context that still runs wholly on the GPUs; null if none does
 * @param maxContextCpu the largest context that fits in the memory; null if none does
 * @param tokensPerSecondLow the generation speed estimate, its low end; null when it does not run here
 * @param headerBytesRead how much of the model layer was read to learn its shape
 */
public record FitReport(
        String model,
        String family,
        String parameterSize,
        String quantization,
        String format,
        Integer context,
        String contextSource,
        Long trainedContext,
        Integer parallel,
        String kvCache,
        long weightsBytes,
        Long draftBytes,
        Long kvCacheBytes,
        Long recurrentStateBytes,
        Integer batch,
        Long batchBytes,
        long totalBytes,
        Integer layers,
        Fit fit,
        Integer gpuLayers,
        String reason,
        String note,
        Integer maxContextGpu,
        Integer maxContextCpu,
        Double tokensPerSecondLow,
        Double tokensPerSecondHigh,
        long headerBytesRead) {

    public boolean fits() {
        return fit != Fit.WONT_FIT;
    }
}
