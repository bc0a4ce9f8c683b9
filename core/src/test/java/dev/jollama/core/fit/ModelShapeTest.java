package dev.jollama.core.fit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.fake.GgufWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Architectures beyond llama's: synthetic headers in the shapes their converters write. */
class ModelShapeTest {

    private static final int F32 = 0;
    private static final int Q4_K = 12;
    private static final int Q8_0 = 8;
    private static final int MXFP4 = 39;

    private static ModelShape shape(GgufWriter w, long size) throws Exception {
        return ModelShape.of(GgufHeader.parse(w.bytes()), size, 0);
    }

    @Test
    void mambaHasNoHeadsAndKeepsOneRecurrentStatePerLayer() throws Exception {
        // mamba-2.8b as llama.cpp's converter writes it: head_count 0, the ssm keys, no KV heads.
        GgufWriter w = new GgufWriter()
                .string("general.architecture", "mamba")
                .u32("mamba.block_count", 64)
                .u32("mamba.context_length", 1048576)
                .u32("mamba.embedding_length", 2560)
                .u32("mamba.feed_forward_length", 0)
                .u32("mamba.attention.head_count", 0)
                .u32("mamba.ssm.conv_kernel", 4)
                .u32("mamba.ssm.inner_size", 5120)
                .u32("mamba.ssm.state_size", 16)
                .u32("mamba.ssm.time_step_rank", 160);
        for (int i = 0; i < 64; i++) {
            w.tensor("blk." + i + ".ssm_in.weight", Q8_0, 2560, 10240)
                    .tensor("blk." + i + ".ssm_out.weight", Q8_0, 5120, 2560);
        }
        ModelShape s = shape(w, 2_000_000_000L);

        // ((conv_kernel − 1) × inner_size + state_size × inner_size) × 4 bytes (f32)
        // = (3 × 5120 + 16 × 5120) × 4 = 389,120 per layer, whatever the context.
        assertThat(s.recurrent(0)).isTrue();
        assertThat(s.kvBytes(0, 4096, 1, KvCacheType.F16)).isEqualTo(389_120);
        assertThat(s.kvBytes(4096, 1, KvCacheType.F16)).isEqualTo(64 * 389_120L);
        assertThat(s.kvBytes(1_000_000, 1, KvCacheType.F16)).isEqualTo(64 * 389_120L);
        assertThat(s.kvBytes(4096, 2, KvCacheType.F16)).isEqualTo(2 * 64 * 389_120L); // one state per sequence
        assertThat(s.recurrentBytes(1)).isEqualTo(64 * 389_120L);
    }

    @Test
    void openElmReadsHeadsAndKvHeadsLayerByLayer() throws Exception {
        // OpenELM-270M: 16 layers, query heads 12…20 and KV heads 3…5 per layer, head dim 64.
        long[] heads = {12, 12, 12, 12, 12, 16, 16, 16, 16, 16, 16, 16, 20, 20, 20, 20};
        long[] kv = {3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5};
        GgufWriter w = new GgufWriter()
                .string("general.architecture", "openelm")
                .u32("openelm.block_count", 16)
                .u32("openelm.context_length", 2048)
                .u32("openelm.embedding_length", 1280)
                .i32Array("openelm.attention.head_count", heads)
                .i32Array("openelm.attention.head_count_kv", kv)
                .u32("openelm.attention.key_length", 64)
                .u32("openelm.attention.value_length", 64);
        ModelShape s = shape(w, 300_000_000L);

        assertThat(s.heads()).containsExactly(heads);
        assertThat(s.headsKv()).containsExactly(kv);
        // Σ (64 + 64) × kv_l × 2 bytes = 256 × 63 = 16,128 bytes a token. (Ollama's PredictServerVRAM takes
        // the fewest KV heads, 3, for every layer: 12,288; llama.cpp allocates each layer's own.)
        assertThat(s.kvBytes(2048, 1, KvCacheType.F16)).isEqualTo(16_128L * 2048);
    }

    @Test
    void graniteHybridCountsAttentionCachesAndMambaStatesApart() throws Exception {
        // granite-4.0-h-like: head_count_kv is 0 in the Mamba-2 layers, 4 in every fourth (attention).
        long[] kv = {0, 0, 0, 4, 0, 0, 0, 4};
        GgufWriter w = new GgufWriter()
                .string("general.architecture", "granitehybrid")
                .u32("granitehybrid.block_count", 8)
                .u32("granitehybrid.context_length", 131072)
                .u32("granitehybrid.embedding_length", 1536)
                .u32("granitehybrid.attention.head_count", 12)
                .i32Array("granitehybrid.attention.head_count_kv", kv)
                .u32("granitehybrid.ssm.conv_kernel", 4)
                .u32("granitehybrid.ssm.inner_size", 3072)
                .u32("granitehybrid.ssm.state_size", 128)
                .u32("granitehybrid.ssm.group_count", 1);
        ModelShape s = shape(w, 1_000_000_000L);

        assertThat(s.recurrent(0)).isTrue();
        assertThat(s.recurrent(3)).isFalse();
        // attention: (128 + 128) × 4 × 2 bytes = 2,048 a token, two layers, 4096 tokens: 16,777,216
        // recurrent: (3 × (3072 + 2 × 1 × 128) + 128 × 3072) × 4 = 1,612,800 per layer, six layers
        assertThat(s.recurrentBytes(1)).isEqualTo(6 * 1_612_800L);
        assertThat(s.kvBytes(4096, 1, KvCacheType.F16)).isEqualTo(2 * 2048L * 4096 + 6 * 1_612_800L);
    }

    @Test
    void mxfp4ExpertsAreSizedSoTheLayersHoldTheWeights() throws Exception {
        // gpt-oss-20b: 24 layers whose experts (32 × 2880 × 2880, three of them) are MXFP4.
        GgufWriter w = new GgufWriter()
                .string("general.architecture", "gptoss")
                .u32("gptoss.block_count", 24)
                .u32("gptoss.context_length", 131072)
                .u32("gptoss.embedding_length", 2880)
                .u32("gptoss.attention.head_count", 64)
                .u32("gptoss.attention.head_count_kv", 8)
                .u32("gptoss.attention.key_length", 64)
                .u32("gptoss.attention.value_length", 64)
                .tensor("token_embd.weight", Q8_0, 2880, 201088);
        for (int i = 0; i < 24; i++) {
            String p = "blk." + i + ".";
            w.tensor(p + "attn_q.weight", Q8_0, 2880, 4096)
                    .tensor(p + "attn_norm.weight", F32, 2880)
                    .tensor(p + "ffn_gate_exps.weight", MXFP4, 2880, 2880, 32)
                    .tensor(p + "ffn_up_exps.weight", MXFP4, 2880, 2880, 32)
                    .tensor(p + "ffn_down_exps.weight", MXFP4, 2880, 2880, 32);
        }
        GgufHeader h = GgufHeader.parse(w.bytes());
        GgufHeader.Tensor expert = h.tensors().stream()
                .filter(t -> t.name().equals("blk.0.ffn_up_exps.weight"))
                .findFirst()
                .orElseThrow();
        assertThat(expert.bytes()).isEqualTo(2880L * 2880 * 32 / 32 * 17); // 17 bytes a block of 32

        ModelShape s = ModelShape.of(h, 13_780_000_000L, 0);
        long layered = Arrays.stream(s.layerBytes()).sum();
        // Without the type the experts were skipped and the embeddings took nearly all of the 13.8 GB.
        assertThat((double) layered / s.weights()).isGreaterThan(0.9);
        assertThat(s.layerBytes()[0]).isEqualTo(s.layerBytes()[23]);
    }

    @Test
    void uint64ValuesAbove2To63AreTheLargestLongNotNegative() throws Exception {
        GgufWriter w = GgufWriter.llamaLike("llama", 2, 64, 4, 2L, 128, 10, Q4_K)
                .u64("general.parameter_count", -1L) // 2^64 − 1
                .u64("llama.rope.scaling.original_context_length", Long.MIN_VALUE + 5); // 2^63 + 5
        GgufHeader h = GgufHeader.parse(w.bytes());

        assertThat(h.number("general.parameter_count")).isEqualTo(Long.MAX_VALUE);
        assertThat(h.number("llama.rope.scaling.original_context_length")).isEqualTo(Long.MAX_VALUE);
        ModelShape s = ModelShape.of(h, 1_000_000L, 0);
        assertThat(s.parameterCount()).isEqualTo(Long.MAX_VALUE);
        assertThat(s.kvBytes(4096, 1, KvCacheType.F16)).isPositive();
    }

    @Test
    void aContextLengthAbove2To63DoesNotBreakTheEstimate() throws Exception {
        GgufWriter w = new GgufWriter()
                .string("general.architecture", "llama")
                .u32("llama.block_count", 2)
                .u64("llama.context_length", -2L)
                .u32("llama.embedding_length", 64)
                .u32("llama.attention.head_count", 4)
                .tensor("blk.0.attn_q.weight", Q4_K, 256, 64)
                .tensor("blk.1.attn_q.weight", Q4_K, 256, 64);
        ModelShape s = shape(w, 1_000_000L);
        assertThat(s.trainedContext()).isEqualTo(Long.MAX_VALUE);
        assertThat(s.kvBytes(Integer.MAX_VALUE, 64, KvCacheType.F16)).isPositive();
    }
}
