package dev.jollama.core.fit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers of a model that decide its memory: from its GGUF header and its manifest's sizes.
 *
 * <p>A layer is an attention layer when it has heads and KV heads, else a recurrent one (Mamba's,
 * and the Mamba layers of hybrids such as Granite 4 "H"), as Ollama's {@code fs/ggml} tells them
 * apart: an attention layer's cache grows with the context, a recurrent layer holds one fixed state
 * per sequence.
 *
 * @param heads per layer ({@code head_count}, one value or an array); 0 in a recurrent layer
 * @param headsKv per layer ({@code head_count_kv}); without the key, as many as {@code heads} (no
 *     grouped-query attention), as llama.cpp reads it
 * @param keyLength the key head dimension: {@code key_length}, else embedding / heads
 * @param recurrentLayerBytes the state of one recurrent layer for one sequence, in f32 as llama.cpp
 *     keeps it: ((conv_kernel − 1)·(inner_size + 2·group_count·state_size) + state_size·inner_size)·4
 * @param layerBytes the weights of each repeating layer ({@code blk.N.*} tensors)
 * @param otherBytes the weights outside them (embeddings, output), plus a projector and a draft model
 * @param parameterCount {@code general.parameter_count}, 0 when the header does not say
 * @param embeddingModel the header has {@code {arch}.pooling_type}: an embedding model, which Ollama
 *     runs without a generation batch
 */
public record ModelShape(
        String architecture,
        int layers,
        long embedding,
        long[] heads,
        long[] headsKv,
        long keyLength,
        long valueLength,
        long recurrentLayerBytes,
        long trainedContext,
        long[] layerBytes,
        long otherBytes,
        long parameterCount,
        boolean embeddingModel) {

    private static final Pattern BLOCK = Pattern.compile("blk\\.(\\d+)\\..*");

    /**
     * @param modelLayerSize the model layer's size in the manifest: the weights' size, which the
     *     tensors' sizes are scaled to (they leave out alignment and the header)
     * @param extraSize what loads with it outside the layers: a vision projector, a draft model (0 for
     *     none)
     */
    public static ModelShape of(GgufHeader h, long modelLayerSize, long extraSize) throws GgufHeader.Invalid {
        String arch = h.architecture();
        if (arch == null) {
            throw new GgufHeader.Invalid("the header names no architecture (general.architecture)");
        }
        Long blocks = h.archNumber("block_count");
        Long embedding = h.archNumber("embedding_length");
        if (blocks == null || embedding == null || blocks < 1 || blocks > 4096 || embedding < 1) {
            throw new GgufHeader.Invalid(
                    "the header lacks " + arch + ".block_count or embedding_length, or they make no sense");
        }
        int n = blocks.intValue();
        long convKernel = positive(h.archNumber("ssm.conv_kernel"));
        long stateSize = positive(h.archNumber("ssm.state_size"));
        long innerSize = positive(h.archNumber("ssm.inner_size"));
        long groups = positive(h.archNumber("ssm.group_count"));
        boolean recurrentKeys = stateSize > 0 || innerSize > 0;
        Object rawHeads = h.values().get(arch + ".attention.head_count");
        if (rawHeads == null && !recurrentKeys) {
            throw new GgufHeader.Invalid("the header lacks " + arch + ".attention.head_count and has no ssm keys");
        }
        long[] heads = perLayer(rawHeads, n, null);
        long[] kv = perLayer(h.values().get(arch + ".attention.head_count_kv"), n, heads);
        long fewestHeads = Long.MAX_VALUE;
        for (long v : heads) {
            if (v > 0) {
                fewestHeads = Math.min(fewestHeads, v);
            }
        }
        // A header of recurrent layers only (Mamba: head_count 0) has no head dimension: no division by 0.
        long headDim = fewestHeads == Long.MAX_VALUE ? 0 : embedding / fewestHeads;
        long keyLength = orDefault(h.archNumber("attention.key_length"), headDim);
        long valueLength = orDefault(h.archNumber("attention.value_length"), headDim);
        double convState = convKernel > 0 ? (double) (convKernel - 1) * (innerSize + 2.0 * groups * stateSize) : 0;
        double ssmState = (double) stateSize * innerSize;
        long recurrent = saturated((convState + ssmState) * 4);
        long trained = orDefault(h.archNumber("context_length"), 4096L);

        long[] perLayer = new long[n];
        long other = 0;
        long counted = 0;
        for (GgufHeader.Tensor t : h.tensors()) {
            long bytes = t.bytes();
            if (bytes < 0) {
                continue;
            }
            counted = saturatedAdd(counted, bytes);
            Matcher m = BLOCK.matcher(t.name());
            int index = m.matches() ? parseIndex(m.group(1)) : -1;
            if (index >= 0 && index < n) {
                perLayer[index] = saturatedAdd(perLayer[index], bytes);
            } else {
                other = saturatedAdd(other, bytes);
            }
        }
        // The manifest's size is what is really loaded: scale the tensors' sizes to it.
        if (counted > 0 && modelLayerSize > 0) {
            double scale = (double) modelLayerSize / counted;
            long layered = 0;
            for (int i = 0; i < n; i++) {
                perLayer[i] = Math.round(perLayer[i] * scale);
                layered += perLayer[i];
            }
            other = Math.max(0, modelLayerSize - layered); // the rounding goes here: the total is exact
        } else if (counted == 0) {
            for (int i = 0; i < n; i++) {
                perLayer[i] = modelLayerSize / n;
            }
            other = modelLayerSize - modelLayerSize / n * n;
        }
        Long parameters = h.number("general.parameter_count");
        return new ModelShape(
                arch,
                n,
                embedding,
                heads,
                kv,
                keyLength,
                valueLength,
                recurrent,
                trained,
                perLayer,
                other + extraSize,
                parameters == null || parameters < 0 ? 0 : parameters,
                h.values().containsKey(arch + ".pooling_type"));
    }

    /**
     * One value or an array, per layer; a missing layer takes the single value (or {@code fallback}'s).
     * Negative values, which only a damaged header has, count as 0.
     */
    private static long[] perLayer(Object raw, int n, long[] fallback) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long v;
            if (raw instanceof long[] array && array.length > 0) {
                v = i < array.length ? array[i] : array.length == 1 ? array[0] : fallback != null ? fallback[i] : 0;
            } else if (raw instanceof Number one) {
                v = one.longValue();
            } else {
                v = fallback != null ? fallback[i] : 0;
            }
            out[i] = Math.max(0, v);
        }
        return out;
    }

    private static int parseIndex(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long orDefault(Long value, long fallback) {
        return value != null && value > 0 ? value : fallback;
    }

    private static long positive(Long value) {
        return value != null && value > 0 ? value : 0;
    }

    static long saturated(double bytes) {
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(bytes); // Math.round saturates too
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** A recurrent layer: no heads or no KV heads (as Ollama's {@code GraphSize} decides). */
    public boolean recurrent(int layer) {
        return heads[layer] == 0 || headsKv[layer] == 0;
    }

    public long weights() {
        long sum = otherBytes;
        for (long b : layerBytes) {
            sum = saturatedAdd(sum, b);
        }
        return sum;
    }

    /**
     * The cache of one layer: for an attention layer (key_length + value_length) × head_count_kv ×
     * bytes per element × context × parallel; for a recurrent layer its state × parallel (one per
     * sequence, whatever the context).
     */
    public long kvBytes(int layer, long context, int parallel, KvCacheType type) {
        if (recurrent(layer)) {
            return saturated((double) recurrentLayerBytes * parallel);
        }
        return saturated(
                (double) (keyLength + valueLength) * headsKv[layer] * type.bytesPerElement() * context * parallel);
    }

    /** The whole cache: every layer's. */
    public long kvBytes(long context, int parallel, KvCacheType type) {
        long sum = 0;
        for (int i = 0; i < layers; i++) {
            sum = saturatedAdd(sum, kvBytes(i, context, parallel, type));
        }
        return sum;
    }

    /** The recurrent layers' share of {@link #kvBytes(long, int, KvCacheType)}. */
    public long recurrentBytes(int parallel) {
        long sum = 0;
        for (int i = 0; i < layers; i++) {
            if (recurrent(i)) {
                sum = saturatedAdd(sum, kvBytes(i, 0, parallel, KvCacheType.F16));
            }
        }
        return sum;
    }
}
