package dev.jollama.core.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DefaultContextTest {

    private static final long GIB = 1L << 30;

    @Test
    void picksBySizeOfVramAsOllamaDoes() {
        assertEquals(4096, DefaultContext.of(null, null, 0, 131072L, null).tokens());
        assertEquals(
                4096, DefaultContext.of(null, null, 23 * GIB - 1, 131072L, null).tokens());
        assertEquals(
                32768, DefaultContext.of(null, null, 24 * GIB, 131072L, null).tokens());
        assertEquals(
                262144,
                DefaultContext.of(null, null, 48 * GIB, 1_048_576L, null).tokens());
    }

    @Test
    void neverAboveTheTrainedContext() {
        DefaultContext c = DefaultContext.of(null, null, 48 * GIB, 8192L, null);
        assertEquals(8192, c.tokens());
        assertEquals("Ollama's default for 47 GiB of VRAM or more, capped at the trained context", c.source());
        assertEquals(8192, DefaultContext.of(100_000, null, 0, 8192L, null).tokens());
    }

    @Test
    void requestThenEnvironmentThenLoaded() {
        assertEquals(
                2048, DefaultContext.of(2048, 16384, 48 * GIB, 131072L, null).tokens());
        assertEquals(
                16384, DefaultContext.of(null, 16384, 48 * GIB, 131072L, null).tokens());
        assertEquals(
                "OLLAMA_CONTEXT_LENGTH",
                DefaultContext.of(null, 16384, 0, null, null).source());
        assertEquals(8192, DefaultContext.of(2048, null, 0, 131072L, 8192).tokens());
    }
}
