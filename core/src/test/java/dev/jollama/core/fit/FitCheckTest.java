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
                new HardwareReport.Cpu("test", 8, 16, List.of("AVX2")),
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

    /** llama3.1:8b: llama 3's shape, trained for 131072 tokens. */
    private void llama31() {
        registry.model(
                "library/llama3.1:8b",
                GgufWriter.llamaLike("llama", 32, 4096, 32, 8L, 14336, 128256, Q4_K, 131072)
                        .bytes(),
                4_920_753_328L,
                "llama",
                "8.0B",
                "Q4_K_M");
    }

    @Test
    void withoutACtxItAssumesTheContextOllamaGivesFor24GibOfVram() {
        llama31();
        FitReport r = check().check(
                        "llama3.1:8b",
                        FitCheck.Options.ollamaDefault(1, KvCacheType.F16),
                        machine(32 * GIB, gpu("NVIDIA GeForce RTX 4090", 24 * GIB)));
        assertThat(r.context()).isEqualTo(32768);
        assertThat(r.contextSource()).isEqualTo("Ollama's default for 23 GiB of VRAM or more");
        // 4,920,753,328 + 131,072 × 32768 (4 GiB) + 768 MiB for num_batch 1024
        assertThat(r.kvCacheBytes()).isEqualTo(4 * GIB);
        assertThat(r.batch()).isEqualTo(1024);
        assertThat(r.totalBytes()).isEqualTo(4_920_753_328L + 4 * GIB + (768L << 20));
        assertThat(r.fit()).isEqualTo(Fit.GPU);

        FitReport small = check().check(
                        "llama3.1:8b",
                        FitCheck.Options.ollamaDefault(1, KvCacheType.F16),
                        machine(32 * GIB, gpu("NVIDIA GeForce RTX 4060 Ti", 16 * GIB)));
        assertThat(small.context()).isEqualTo(4096);
        assertThat(small.contextSource()).isEqualTo("Ollama's default below 23 GiB of VRAM");
    }

    @Test
    void ollamaContextLengthAndAProfileNameTheirContext() {
        llama3();
        FitCheck withEnv = new FitCheck(new RegistryClient(URI.create(registry.url()), Timeouts.DEFAULT, null), 65536);
        FitReport env =
                withEnv.check("llama3:8b", FitCheck.Options.ollamaDefault(1, KvCacheType.F16), machine(32 * GIB));
        assertThat(env.context()).isEqualTo(8192);
        assertThat(env.contextSource()).isEqualTo("OLLAMA_CONTEXT_LENGTH, capped at the trained context");

        FitReport profile = check().check(
                        "llama3:8b",
                        new FitCheck.Options(2048, "profile small's num_ctx", 1, KvCacheType.F16),
                        machine(32 * GIB));
        assertThat(profile.context()).isEqualTo(2048);
        assertThat(profile.contextSource()).isEqualTo("profile small's num_ctx");
    }

    @Test
    void aSafetensorsModelIsItsTensorsSizesWithoutFailing() {
        long[] tensors = new long[300];
        java.util.Arrays.fill(tensors, 60_000_000L); // 18 GB in 300 tensor layers
        registry.safetensors("library/qwen3-mlx:8b", tensors, "qwen3", "8.2B", "bf16");

        FitReport gpu = check().check(
                        "qwen3-mlx:8b",
                        FitCheck.Options.ollamaDefault(1, KvCacheType.F16),
                        machine(64 * GIB, gpu("NVIDIA GeForce RTX 4090", 24 * GIB)));
        assertThat(gpu.format()).isEqualTo("safetensors");
        assertThat(gpu.weightsBytes()).isEqualTo(18_000_000_000L);
        assertThat(gpu.totalBytes()).isEqualTo(18_000_000_000L);
        assertThat(gpu.kvCacheBytes()).isNull();
        assertThat(gpu.fit()).isEqualTo(Fit.GPU);
        assertThat(gpu.note()).contains("300 tensors").contains("KV cache comes on top and is not estimated");
        assertThat(gpu.tokensPerSecondLow()).isPositive();

        FitReport small = check().check(
                        "qwen3-mlx:8b",
                        FitCheck.Options.ollamaDefault(1, KvCacheType.F16),
                        machine(64 * GIB, gpu("NVIDIA GeForce RTX 4060 Ti", 16 * GIB)));
        // Ollama's MLX engine loads it on its first GPU whole, after 457 MiB for itself, or refuses.
        assertThat(small.fit()).isEqualTo(Fit.WONT_FIT);
        assertThat(small.reason()).startsWith("needs 18.0 GB on one GPU; NVIDIA GeForce RTX 4060 Ti has 16.7 GB free");
        assertThat(registry.blobBytesServed()).isZero();
    }

    @Test
    void aCloudModelRunsOnOllamaComAndAsksNoRegistry() {
        String dead = registry.url();
        registry.close();
        FitCheck offline = new FitCheck(new RegistryClient(URI.create(dead), Timeouts.DEFAULT, null));
        for (String name : List.of("gpt-oss:120b-cloud", "qwen3-coder:cloud", "someone/model:480b-CLOUD")) {
            FitReport r = offline.check(name, CTX_8K, machine(8 * GIB));
            assertThat(r.format()).as(name).isEqualTo("cloud");
            assertThat(r.fit()).isEqualTo(Fit.CLOUD);
            assertThat(r.fits()).isTrue();
            assertThat(r.reason()).isEqualTo("runs on ollama.com: no local memory");
            assertThat(r.totalBytes()).isZero();
            assertThat(r.context()).isNull();
        }
        assertThat(FitCheck.isCloud("llama3:8b")).isFalse();
        assertThat(FitCheck.isCloud("localhost:5000/cloud")).isFalse();
    }

    @Test
    void aCloudStubInTheRegistryIsKnownByItsConfig() {
        registry.cloud("library/deepseek-v3.1:671b", "https://ollama.com:443", "deepseek-v3.1:671b");
        FitReport r = check().check("deepseek-v3.1:671b", CTX_8K, machine(8 * GIB));
        assertThat(r.fit()).isEqualTo(Fit.CLOUD);
        assertThat(r.reason()).isEqualTo("runs on ollama.com: no local memory");
    }

    @Test
    void aDraftModelLoadsWithTheModelAndIsCounted() {
        llama3();
        registry.withDraft("library/llama3:8b", 300_000_000L);
        FitReport r = check().check("llama3:8b", CTX_8K, machine(16 * GIB));
        assertThat(r.draftBytes()).isEqualTo(300_000_000L);
        assertThat(r.weightsBytes()).isEqualTo(LLAMA3_8B_SIZE + 300_000_000L);
        assertThat(r.note()).contains("draft model of 0.3 GB").contains("Ollama's own estimate leaves out");
    }

    @Test
    void anInstalledModelsHugeNumbersFromJsonDoNotGoNegative() {
        java.util.Map<String, Object> info = new java.util.HashMap<>();
        info.put("general.architecture", "llama");
        info.put("general.parameter_count", new java.math.BigInteger("18446744073709551615"));
        info.put("llama.block_count", 32);
        info.put("llama.context_length", new java.math.BigInteger("9223372036854775813"));
        info.put("llama.embedding_length", 4096);
        info.put("llama.attention.head_count", 32);
        info.put("llama.attention.head_count_kv", List.of(8, new java.math.BigInteger("18446744073709551615")));
        FitReport r = check().installed(
                        "weird:latest",
                        info,
                        LLAMA3_8B_SIZE,
                        "llama",
                        "8.0B",
                        "Q4_K_M",
                        CTX_8K,
                        null,
                        machine(16 * GIB));
        assertThat(r.trainedContext()).isEqualTo(Long.MAX_VALUE);
        assertThat(r.kvCacheBytes()).isPositive();
        assertThat(r.totalBytes()).isPositive();
        assertThat(r.fit()).isEqualTo(Fit.WONT_FIT); // a KV head count of 2^63 needs more than any machine
    }

    @Test
    void aLoadedModelIsJudgedAtTheContextItWasLoadedWith() {
        java.util.Map<String, Object> info = java.util.Map.of(
                "general.architecture", "llama",
                "llama.block_count", 32,
                "llama.context_length", 131072,
                "llama.embedding_length", 4096,
                "llama.attention.head_count", 32,
                "llama.attention.head_count_kv", 8);
        FitReport r = check().installed(
                        "llama3.1:8b",
                        info,
                        4_920_753_328L,
                        "llama",
                        "8.0B",
                        "Q4_K_M",
                        FitCheck.Options.ollamaDefault(1, KvCacheType.F16),
                        16384,
                        machine(16 * GIB));
        assertThat(r.context()).isEqualTo(16384);
        assertThat(r.contextSource()).isEqualTo("as loaded (/api/ps)");
    }

    @Test
    void fitAndHwGiveTheSameSpeedForTheSameModel() {
        // llama3-8b's profile: 8.0 B parameters, 4.9 GB; the same model as fit sees it from the daemon.
        dev.jollama.core.profile.Profile profile =
                dev.jollama.core.profile.BuiltInProfiles.all().get("llama3-8b");
        java.util.Map<String, Object> info = java.util.Map.of(
                "general.architecture", "llama",
                "llama.block_count", 32,
                "llama.context_length", 8192,
                "llama.embedding_length", 4096,
                "llama.attention.head_count", 32,
                "llama.attention.head_count_kv", 8);
        for (HardwareReport hw :
                List.of(machine(32 * GIB), machine(32 * GIB, gpu("NVIDIA GeForce RTX 3090", 24 * GIB)))) {
            FitReport fit = check().installed(
                            "llama3:8b-instruct-q4_K_M",
                            info,
                            4_900_000_000L,
                            "llama",
                            "8.0B",
                            "Q4_K_M",
                            CTX_8K,
                            null,
                            hw);
            dev.jollama.core.hardware.Verdict hwVerdict = dev.jollama.core.hardware.FitVerdicts.of(hw, profile);
            assertThat(hwVerdict.fit()).isEqualTo(fit.fit());
            assertThat(hwVerdict.tokensPerSecondLow()).isEqualTo(fit.tokensPerSecondLow());
            assertThat(hwVerdict.tokensPerSecondHigh()).isEqualTo(fit.tokensPerSecondHigh());
        }
    }

    @Test
    void anEmbeddingModelGetsOneSlotAndNoBatch() {
        byte[] header = GgufWriter.llamaLike("bert", 12, 768, 12, 12L, 3072, 30522, 1)
                .u32("bert.pooling_type", 2)
                .bytes();
        registry.model("library/nomic-embed:v1", header, 274_290_656L, "bert", "137M", "F16");
        FitReport r =
                check().check("nomic-embed:v1", new FitCheck.Options(8192, 4, KvCacheType.F16), machine(16 * GIB));
        assertThat(r.parallel()).isEqualTo(1);
        assertThat(r.batch()).isNull();
        assertThat(r.batchBytes()).isZero();
        assertThat(r.note()).contains("embedding model");
    }

    @Test
    void appleSiliconsGpuHoldsTheLayersButNoMoreThanTheFreeMemory() {
        llama3();
        HardwareReport.Gpu m2Max = new HardwareReport.Gpu("Apple", "Apple M2 Max GPU", 21 * GIB, 21 * GIB, null, true);
        FitReport roomy = check().check("llama3:8b", CTX_8K, machine(20 * GIB, m2Max));
        assertThat(roomy.fit()).isEqualTo(Fit.GPU);
        assertThat(roomy.tokensPerSecondLow())
                .isGreaterThan(check().check("llama3:8b", CTX_8K, machine(20 * GIB))
                        .tokensPerSecondHigh()); // 400 GB/s, not the CPU's 40

        // Only 4 GiB of the memory is free: the GPU's share of it is no more than that.
        FitReport tight = check().check("llama3:8b", CTX_8K, machine(4 * GIB, m2Max));
        assertThat(tight.fit()).isEqualTo(Fit.WONT_FIT);
    }
}
