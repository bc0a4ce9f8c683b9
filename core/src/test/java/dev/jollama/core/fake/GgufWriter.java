package dev.jollama.core.fake;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes GGUF headers the way llama.cpp's converter lays them out (version 3, little-endian), for the
 * fake registry: the keys and tensors a memory estimate reads, a tokenizer of the given size, and the
 * tensors of each layer with their real shapes and types.
 */
public final class GgufWriter {

    private final List<byte[]> kvs = new ArrayList<>();
    private final List<byte[]> tensors = new ArrayList<>();

    public GgufWriter string(String key, String value) {
        Buf b = new Buf().str(key).u32(8).str(value);
        kvs.add(b.bytes());
        return this;
    }

    public GgufWriter u32(String key, long value) {
        kvs.add(new Buf().str(key).u32(4).u32(value).bytes());
        return this;
    }

    /** A uint64 value (GGUF value type 10): {@code value} as unsigned, so -1 is 2^64 − 1. */
    public GgufWriter u64(String key, long value) {
        kvs.add(new Buf().str(key).u32(10).u64(value).bytes());
        return this;
    }

    public GgufWriter f32(String key, float value) {
        kvs.add(new Buf().str(key).u32(6).f32(value).bytes());
        return this;
    }

    /** A per-layer int32 array, as some models give head_count_kv. */
    public GgufWriter i32Array(String key, long[] values) {
        Buf b = new Buf().str(key).u32(9).u32(5).u64(values.length);
        for (long v : values) {
            b.u32(v);
        }
        kvs.add(b.bytes());
        return this;
    }

    /** {@code count} token strings of about {@code length} bytes: most of a real header's size. */
    public GgufWriter tokens(int count, int length) {
        Buf b = new Buf().str("tokenizer.ggml.tokens").u32(9).u32(8).u64(count);
        String token = "t".repeat(length);
        for (int i = 0; i < count; i++) {
            b.str(token);
        }
        kvs.add(b.bytes());
        return this;
    }

    public GgufWriter tensor(String name, int type, long... dims) {
        Buf b = new Buf().str(name).u32(dims.length);
        for (long d : dims) {
            b.u64(d);
        }
        b.u32(type).u64(0);
        tensors.add(b.bytes());
        return this;
    }

    /**
     * A llama-like model: {@code layers} blocks of attention and feed-forward tensors in {@code
     * type}, embeddings and output in Q6_K.
     */
    public static GgufWriter llamaLike(
            String arch, int layers, long embedding, long heads, Long headsKv, long ffn, int vocab, int type) {
        return llamaLike(arch, layers, embedding, heads, headsKv, ffn, vocab, type, 8192);
    }

    /** The same, trained for {@code context} tokens. */
    public static GgufWriter llamaLike(
            String arch,
            int layers,
            long embedding,
            long heads,
            Long headsKv,
            long ffn,
            int vocab,
            int type,
            long context) {
        GgufWriter w = new GgufWriter()
                .string("general.architecture", arch)
                .string("general.name", "test " + arch)
                .u32(arch + ".block_count", layers)
                .u32(arch + ".context_length", context)
                .u32(arch + ".embedding_length", embedding)
                .u32(arch + ".feed_forward_length", ffn)
                .u32(arch + ".attention.head_count", heads)
                .u32("general.file_type", 15);
        if (headsKv != null) {
            w.u32(arch + ".attention.head_count_kv", headsKv);
        }
        w.tokens(vocab, 6);
        long kvDim = embedding / heads * (headsKv != null ? headsKv : heads);
        w.tensor("token_embd.weight", 14, embedding, vocab);
        for (int i = 0; i < layers; i++) {
            String p = "blk." + i + ".";
            w.tensor(p + "attn_norm.weight", 0, embedding)
                    .tensor(p + "attn_q.weight", type, embedding, embedding)
                    .tensor(p + "attn_k.weight", type, embedding, kvDim)
                    .tensor(p + "attn_v.weight", type, embedding, kvDim)
                    .tensor(p + "attn_output.weight", type, embedding, embedding)
                    .tensor(p + "ffn_gate.weight", type, embedding, ffn)
                    .tensor(p + "ffn_up.weight", type, embedding, ffn)
                    .tensor(p + "ffn_down.weight", type, ffn, embedding)
                    .tensor(p + "ffn_norm.weight", 0, embedding);
        }
        w.tensor("output_norm.weight", 0, embedding).tensor("output.weight", 14, embedding, vocab);
        return w;
    }

    public byte[] bytes() {
        Buf b = new Buf();
        b.raw("GGUF".getBytes(StandardCharsets.US_ASCII))
                .u32(3)
                .u64(tensors.size())
                .u64(kvs.size());
        kvs.forEach(b::raw);
        tensors.forEach(b::raw);
        return b.bytes();
    }

    private static final class Buf {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Buf raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Buf u32(long v) {
            return raw(ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt((int) v)
                    .array());
        }

        Buf u64(long v) {
            return raw(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(v)
                    .array());
        }

        Buf f32(float v) {
            return raw(ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putFloat(v)
                    .array());
        }

        Buf str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return u64(b.length).raw(b);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
