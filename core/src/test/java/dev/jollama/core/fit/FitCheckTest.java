package dev.jollama.core.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.fake.FakeRegistry;
import dev.jollama.core.fake.GgufWriter;
import dev.jollama.core.fake.RawPeer;
import dev.jollama.core.hardware.HardwareReport;
import dev.jollama.core.hardware.Verdict.Fit;
import dev.jollama.core.http.Timeouts;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fit check against a fake registry serving GGUF headers written here, on made-up machines. */
class FitCheckTest {

    private static final long GIB = 1L << 30;
    private static final int Q4_K = 12;
    private static final long LLAMA3_8B_SIZE = 4_661_211_424L;

    private final FakeRegistry registry = FakeRegistry.start();

    @AfterEach
    void stop() {
        registry.close();
    }

    private FitCheck check() {
        return new FitCheck(new RegistryClient(
                URI.create(registry.url()),
                new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)),
                null));
    }

    private static HardwareReport machine(long ramBytes, HardwareReport.Gpu... gpus) {
        return new HardwareReport(
                new HardwareReport.Os("Linux", "6", "amd64"),
                new HardwareReport.Cpu("test", 8, 16, List.of("avx2")),
                new HardwareReport.Memory(ramBytes, ramBytes, null, ramBytes),
                List.of(gpus),
                new HardwareReport.Disk("/", 500 * GIB));
    }

    private static HardwareReport.Gpu gpu(String name, long free) {
        return new HardwareReport.Gpu("nvidia", name, free, free, "550", false);
    }

    /** Llama-3-8B's shape, with a tokenizer long enough that its header needs more than one read. */
    private void llama3() {
        byte[] header = GgufWriter.llamaLike("llama", 32, 4096, 32, 8L, 14336, 128256, Q4_K)
                .bytes();
        registry.model("library/llama3:8b", header, LLAMA3_8B_SIZE, "llama", "8.0B", "Q4_K_M");
    }

    private static final FitCheck.Options CTX_8K = new FitCheck.Options(8192, 1, KvCacheType.F16);

    @Test
    void llama3At8kOnACpuMachineTakesTheLayerSizeAsWeightsAndAGibibyteOfKvCache() {
        llama3();
        FitReport r = check().check("llama3:8b", CTX_8K, machine(16 * GIB));

        assertThat(r.weightsBytes()).isEqualTo(LLAMA3_8B_SIZE);
        assertThat((double) r.kvCacheBytes()).isCloseTo(GIB, org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(r.fit()).isEqualTo(Fit.CPU);
        assertThat(r.fits()).isTrue();
        assertThat(r.family()).isEqualTo("llama");
        assertThat(r.parameterSize()).isEqualTo("8.0B");
        assertThat(r.quantization()).isEqualTo("Q4_K_M");
        assertThat(r.layers()).isEqualTo(32);
        assertThat(r.headerBytesRead()).isLessThan(FitCheck.MAX_HEADER_BYTES);
        assertThat(registry.blobBytesServed()).isLessThan(64L << 20);
        assertThat(r.maxContextCpu()).isEqualTo(8192); // the trained context fits
        assertThat(r.tokensPerSecondLow()).isPositive().isLessThan(r.tokensPerSecondHigh());
    }

    @Test
    void aLargeGpuTakesEveryLayerASmallOneSomeAndATinyOneNone() {
        llama3();
        FitReport big = check().check("llama3:8b", CTX_8K, machine(16 * GIB, gpu("NVIDIA GeForce RTX 4090", 22 * GIB)));
        assertThat(big.fit()).isEqualTo(Fit.GPU);
        assertThat(big.gpuLayers()).isEqualTo(32);

        FitReport split =
                check().check("llama3:8b", CTX_8K, machine(16 * GIB, gpu("NVIDIA GeForce RTX 3050", 4 * GIB)));
        assertThat(split.fit()).isEqualTo(Fit.GPU_CPU);
        assertThat(split.gpuLayers()).isBetween(1, 31);
        assertThat(split.reason()).contains("of free VRAM holds those layers; the rest run from memory");
        assertThat(split.maxContextGpu()).isNull(); // not even the smallest context puts it all on 4 GiB

        FitReport none = check().check("llama3:8b", CTX_8K, machine(16 * GIB, gpu("tiny", GIB / 2)));
        assertThat(none.fit()).isEqualTo(Fit.CPU);
        assertThat(big.tokensPerSecondHigh()).isGreaterThan(none.tokensPerSecondHigh());
    }

    @Test
    void aSeventyBillionModelOnSixteenGibibytesWillNotFitAndSaysWhy() {
        byte[] header = GgufWriter.llamaLike("llama", 80, 8192, 64, 8L, 28672, 128256, Q4_K)
                .bytes();
        registry.model("library/llama3:70b", header, 42_520_398_848L, "llama", "70.6B", "Q4_K_M");
        FitReport r = check().check("llama3:70b", CTX_8K, machine(16 * GIB));
        assertThat(r.fit()).isEqualTo(Fit.WONT_FIT);
        assertThat(r.fits()).isFalse();
        assertThat(r.reason()).startsWith("needs ").contains("this machine has 17.2 GB of memory");
        assertThat(r.maxContextCpu()).isNull();
        assertThat(r.tokensPerSecondLow()).isNull();
    }

    @Test
    void withoutGroupedQueryAttentionEveryHeadHoldsKeysAndValues() {
        // phi3-mini: no head_count_kv, 32 heads of 96 dims, 32 layers.
        byte[] header = GgufWriter.llamaLike("phi3", 32, 3072, 32, null, 8192, 32064, Q4_K)
                .bytes();
        registry.model("library/phi3:mini", header, 2_176_178_912L, "phi3", "3.8B", "Q4_K_M");
        FitReport r = check().check("phi3:mini", new FitCheck.Options(4096, 1, KvCacheType.F16), machine(16 * GIB));
        long expected = (96L + 96) * 32 * 2 * 4096 * 32; // (k + v) × heads × f16 × tokens × layers
        assertThat(r.kvCacheBytes()).isEqualTo(expected);
    }

    @Test
    void aPerLayerHeadCountKvArrayIsReadLayerByLayer() {
        long[] perLayer = new long[28];
        for (int i = 0; i < perLayer.length; i++) {
            perLayer[i] = i % 2 == 0 ? 4 : 2;
        }
        GgufWriter w = GgufWriter.llamaLike("qwen2", 28, 3584, 28, null, 18944, 152064, Q4_K)
                .i32Array("qwen2.attention.head_count_kv", perLayer);
        registry.model("library/qwen2:7b", w.bytes(), 4_683_073_952L, "qwen2", "7.6B", "Q4_K_M");
        FitReport r = check().check("qwen2:7b", new FitCheck.Options(2048, 2, KvCacheType.Q8_0), machine(16 * GIB));
        double perToken = (128.0 + 128) * 1.0625 * (14 * 4 + 14 * 2);
        assertThat((double) r.kvCacheBytes()).isCloseTo(perToken * 4096, org.assertj.core.data.Offset.offset(2.0));
        assertThat(r.parallel()).isEqualTo(2);
    }

    @Test
    void anUnknownModelIsNotFound() {
        assertThatThrownBy(() -> check().check("nosuch:7b", CTX_8K, machine(16 * GIB)))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("is not in the registry at " + registry.url());
    }

    @Test
    void aRegistryThatIsDownIsUnreachable() {
        String url = registry.url();
        registry.close();
        FitCheck down = new FitCheck(new RegistryClient(URI.create(url), Timeouts.DEFAULT, null));
        assertThatThrownBy(() -> down.check("llama3:8b", CTX_8K, machine(16 * GIB)))
                .isInstanceOf(DaemonUnreachableException.class)
                .hasMessageStartingWith("the model registry at " + url + " cannot be reached");
    }

    @Test
    void aSlowRegistryEndsAtTheTimeout() throws Exception {
        llama3();
        registry.delay(60_000);
        FitCheck impatient = new FitCheck(new RegistryClient(
                URI.create(registry.url()),
                new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(300)),
                null));
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                impatient.check("llama3:8b", CTX_8K, machine(16 * GIB));
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        assertThat(outcome.get(10, TimeUnit.SECONDS))
                .isInstanceOf(DaemonUnreachableException.class)
                .hasMessageContaining("first-byte timeout");
    }

    private static Throwable failureOf(FitCheck check) throws Exception {
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                check.check("llama3:8b", CTX_8K, machine(16 * GIB));
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        return outcome.get(20, TimeUnit.SECONDS);
    }

    @Test
    void aRegistryThatRedirectsWithoutEndEndsAtTheDeadlineOfARead() throws Exception {
        // Each answer comes well within the first-byte timeout; only the read's own deadline ends the chain.
        try (RawPeer peer = RawPeer.start((request, out) -> {
            Thread.sleep(300);
            out.write(("HTTP/1.1 307 Temporary Redirect\r\nLocation: " + request.path()
                            + "x\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        })) {
            FitCheck check = new FitCheck(new RegistryClient(
                    URI.create(peer.url()),
                    new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1))
                            .within(Duration.ofSeconds(2)),
                    null));

            assertThat(failureOf(check))
                    .isInstanceOf(DaemonUnreachableException.class)
                    .hasMessage("the model registry at " + peer.url() + " did not answer within 2s, the deadline of a"
                            + " registry read");
        }
    }

    @Test
    void aManifestTrickledAByteAtATimeEndsWithinTheIdleTimeoutOfItsStart() throws Exception {
        String manifest = "{\"schemaVersion\":2,\"layers\":[]}" + " ".repeat(100);
        try (RawPeer peer = RawPeer.start((request, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + manifest.length() + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            RawPeer.trickle(out, manifest, 200);
        })) {
            FitCheck check = new FitCheck(new RegistryClient(
                    URI.create(peer.url()),
                    new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)),
                    null));

            assertThat(failureOf(check))
                    .isInstanceOf(DaemonUnreachableException.class)
                    .hasMessageStartingWith("the model registry at " + peer.url() + " did not answer in time");
        }
    }

    @Test
    void hostileHeadersFailWithinASecondWithOneLine() throws Exception {
        byte[] manyTensors = new byte[24];
        java.nio.ByteBuffer.wrap(manyTensors)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .put("GGUF".getBytes())
                .putInt(3)
                .putLong(1L << 60)
                .putLong(1);
        byte[] hugeString =
                new GgufWriter().string("general.architecture", "llama").bytes();
        java.nio.ByteBuffer.wrap(hugeString)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(24, 1L << 62);
        byte[] hugeArray = new GgufWriter().tokens(3, 2).bytes();
        java.nio.ByteBuffer.wrap(hugeArray)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(24 + 8 + "tokenizer.ggml.tokens".length() + 8, 1L << 60);
        byte[] truncated = java.util.Arrays.copyOf(
                GgufWriter.llamaLike("llama", 32, 4096, 32, 8L, 14336, 1000, Q4_K)
                        .bytes(),
                5000);
        int n = 0;
        for (byte[] header : List.of(manyTensors, hugeString, hugeArray, truncated)) {
            String name = "library/hostile" + n++ + ":latest";
            registry.model(name, header, header == truncated ? 5000 : 4 * GIB, "llama", "8B", "Q4_0");
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    check().check(name.substring(8), CTX_8K, machine(16 * GIB));
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Throwable failure = outcome.get(5, TimeUnit.SECONDS);
            assertThat(failure).as(name).isInstanceOf(ModelHeaderException.class);
            assertThat(failure.getMessage()).as(name).doesNotContain("\n");
        }
        assertThat(registry.blobBytesServed()).isLessThan(4 * (64L << 20));
    }
}
