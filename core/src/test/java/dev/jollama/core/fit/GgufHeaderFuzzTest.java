package dev.jollama.core.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jollama.core.fake.GgufWriter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Randomly damaged headers parse or fail with one of the parser's two answers, never anything else. */
class GgufHeaderFuzzTest {

    private static final long SEED = 20261125L;

    @Test
    void mutatedHeadersParseOrFailCleanly() {
        byte[] valid = GgufWriter.llamaLike("llama", 4, 256, 8, 2L, 512, 300, 12)
                .i32Array("llama.attention.head_count_kv", new long[] {2, 2, 1, 1})
                .bytes();
        Random random = new Random(SEED);
        int parsed = 0;
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = valid.clone();
            int edits = 1 + random.nextInt(6);
            for (int e = 0; e < edits && bytes.length > 0; e++) {
                int at = random.nextInt(bytes.length);
                switch (random.nextInt(3)) {
                    case 0 -> bytes[at] = (byte) random.nextInt(256);
                    case 1 -> bytes[at] = (byte) 0xff;
                    default -> bytes = java.util.Arrays.copyOf(bytes, at);
                }
            }
            try {
                GgufHeader h = GgufHeader.parse(bytes);
                parsed++;
                try {
                    ModelShape shape = ModelShape.of(h, 1 << 30, 0);
                    assertThat(shape.kvBytes(4096, 1, KvCacheType.F16)).isNotNegative();
                    assertThat(shape.weights()).isNotNegative();
                } catch (GgufHeader.Invalid invalidShape) {
                    // a clean refusal
                }
            } catch (GgufHeader.NeedMoreBytes | GgufHeader.Invalid clean) {
                // the two answers a damaged header may get
            } catch (RuntimeException e) {
                fail("seed " + SEED + ", case " + n + ": " + e, e);
            }
        }
        assertThat(parsed).isPositive();
    }
}
