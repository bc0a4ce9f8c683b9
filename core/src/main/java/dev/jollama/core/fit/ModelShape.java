package dev.jollama.core.fit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers of a model that decide its memory: from its GGUF header and its manifest's sizes.
 *
 * @param layerBytes the weights of each repeating layer ({@code blk.N.*} tensors)
 * @param otherBytes the weights outside them (embeddings, output), plus a projector if any
 * @param headsKv per layer (models with a per-layer array), else the same value repeated
 */
public record ModelShape(
        String architecture,
        int layers,
        long embedding,
        long heads,
        long[] headsKv,
        long keyLength,
        long valueLength,
        long vocabulary,
        long trainedContext,
        long[] layerBytes,
        long otherBytes) {

    private static final Pattern BLOCK = Pattern.compile("blk\\.(\\d+)\\..*");

    /**
     * @param modelLayerSize the model layer's size in the manifest: the weights' size, which the
     *     tensors' sizes are scaled to (they leave out alignment and the header)
     * @param projectorSize a vision projector's size, 0 when there is none
     */
    public static ModelShape of(GgufHeader h, long modelLayerSize, long projectorSize) throws GgufHeader.Invalid {
        String arch = h.architecture();
        if (arch == null) {
            throw new GgufHeader.Invalid("the header names no architecture (general.architecture)");
        }
        Long blocks = h.archNumber("block_count");
        Long embedding = h.archNumber("embedding_length");
        Long heads = h.archNumber("attention.head_count");
        if (blocks == null || embedding == null || heads == null || blocks < 1 || blocks > 4096 || heads < 1) {
            throw new GgufHeader.Invalid("the header lacks " + arch + ".block_count, embedding_length or"
                    + " attention.head_count, or they make no sense");
        }
        int n = blocks.intValue();
        long[] kv = new long[n];
        Object rawKv = h.values().get(arch + ".attention.head_count_kv");
        for (int i = 0; i < n; i++) {
            if (rawKv instanceof long[] perLayer) {
                kv[i] = i < perLayer.length ? perLayer[i] : heads;
            } else if (rawKv instanceof Number one) {
                kv[i] = one.longValue();
            } else {
                kv[i] = heads; // no grouped-query attention: as many KV heads as heads
            }
        }
        long headDim = embedding / heads;
        long keyLength = orDefault(h.archNumber("attention.key_length"), headDim);
        long valueLength = orDefault(h.archNumber("attention.value_length"), headDim);
        long vocabulary = h.values().get("tokenizer.ggml.tokens") instanceof GgufHeader.ArrayCount a
                ? a.count()
                : orDefault(h.archNumber("vocab_size"), 32000L);
        long trained = orDefault(h.archNumber("context_length"), 4096L);

        long[] perLayer = new long[n];
        long other = 0;
        long counted = 0;
        for (GgufHeader.Tensor t : h.tensors()) {
            long bytes = t.bytes();
            if (bytes < 0) {
                continue;
            }
            counted += bytes;
            Matcher m = BLOCK.matcher(t.name());
            int index = m.matches() ? parseIndex(m.group(1)) : -1;
            if (index >= 0 && index < n) {
                perLayer[index] += bytes;
            } else {
                other += bytes;
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
        }
        return new ModelShape(
                arch,
                n,
                embedding,
                heads,
                kv,
                keyLength,
                valueLength,
                vocabulary,
                trained,
                perLayer,
                other + projectorSize);
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

    public long weights() {
        long sum = otherBytes;
        for (long b : layerBytes) {
            sum += b;
        }
        return sum;
    }

    /** KV cache bytes of one layer for {@code tokens} tokens. */
    public long kvBytes(int layer, long tokens, KvCacheType type) {
        return Math.round((keyLength + valueLength) * headsKv[layer] * type.bytesPerElement() * tokens);
    }

    public long kvBytes(long tokens, KvCacheType type) {
        long sum = 0;
        for (int i = 0; i < layers; i++) {
            sum += kvBytes(i, tokens, type);
        }
        return sum;
    }

    /**
     * The compute graph, as Ollama estimates it for llama-like models with a full offload:
     * max(4·b·(1 + 4e + c·(1 + h)), 4·b·(e + v)), b the batch (512), c the context of all slots.
     */
    public long graphBytes(long tokens) {
        long b = 512;
        long a = 4 * b * (1 + 4 * embedding + tokens * (1 + heads));
        long o = 4 * b * (embedding + vocabulary);
        return Math.max(a, o);
    }
}
