package dev.jollama.core.fit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.core.fake.FakeRegistry;
import dev.jollama.core.fake.GgufWriter;
import dev.jollama.core.hardware.HardwareReport;
import dev.jollama.core.http.Timeouts;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * fit's totals against Ollama's own estimate (ollama/ollama @fb30760), worked out by hand below for
 * four real shapes served as synthetic GGUF headers by the fake registry.
 *
 * <p>Ollama's estimate ({@code server/sched.go} {@code load}, {@code llm/llama_server.go}
 * {@code PredictServerVRAM}):
 *
 * <pre>
 * ctx       = min(num_ctx, trained context) × parallel
 * predicted = file size + 2 (K and V) × layers × kv_heads × (embedding / heads) × ctx × 2 bytes (f16)
 * batch     = 2048 if ctx > 32768, 1024 if ctx > 4096, else 512; stepped down (2048 → 1024 → 512) while
 *             predicted + surcharge > 80 % of the free VRAM it is placed on, or predicted > 60 % (2048)
 *             or 75 % (1024) of it; no GPU: no step down
 * surcharge = 2 GiB for 2048, 768 MiB (805,306,368) for 1024, 0 for 512
 * total     = predicted + surcharge
 * </pre>
 *
 * with num_ctx, when not given, Ollama's default: 4096, 32768 from 23 GiB of total VRAM, 262144 from 47
 * GiB ({@code server/routes.go}). Shapes (public facts: the models' config.json and GGUF headers; sizes as
 * ollama.com lists the tags):
 *
 * <pre>
 * model          file size (bytes)          layers  embedding  heads  kv heads  head dim  trained ctx
 * llama3:8b      4,661,211,424 (Q4_K_M)     32      4096       32     8         128       8192
 * qwen2.5:0.5b   397,821,312 (Q4_K_M, 398 MB) 24    896        14     2         64        32768
 * phi3:3.8b      2,176,178,912 (Q4_0, 2.2 GB) 32    3072       32     32        96        131072
 * llama3:70b     39,969,732,576 (Q4_0, 40 GB) 80    8192       64     8         128       8192
 * </pre>
 *
 * KV per token = 2 × layers × kv heads × head dim × 2: llama3:8b 131,072; qwen2.5:0.5b 12,288; phi3
 * 393,216; llama3:70b 327,680. jollama used to add a compute graph term as well (llama's GraphSize
 * formula), which Ollama no longer adds: +6 % for llama3:8b at 4096, +121 % for qwen2.5:0.5b at 4096.
 */
class OllamaEstimateTest {

    private static final long GIB = 1L << 30;
    private static final int Q4_K = 12;
    private static final int Q4_0 = 2;

    private static FakeRegistry registry;

    @BeforeAll
    static void serve() {
        registry = FakeRegistry.start()
                .model(
                        "library/llama3:8b",
                        GgufWriter.llamaLike("llama", 32, 4096, 32, 8L, 14336, 128256, Q4_K)
                                .bytes(),
                        4_661_211_424L,
                        "llama",
                        "8.0B",
                        "Q4_K_M")
                .model(
                        "library/qwen2.5:0.5b",
                        GgufWriter.llamaLike("qwen2", 24, 896, 14, 2L, 4864, 151936, Q4_K, 32768)
                                .bytes(),
                        397_821_312L,
                        "qwen2",
                        "494.03M",
                        "Q4_K_M")
                .model(
                        "library/phi3:3.8b",
                        GgufWriter.llamaLike("phi3", 32, 3072, 32, 32L, 8192, 32064, Q4_0, 131072)
                                .bytes(),
                        2_176_178_912L,
                        "phi3",
                        "3.8B",
                        "Q4_0")
                .model(
                        "library/llama3:70b",
                        GgufWriter.llamaLike("llama", 80, 8192, 64, 8L, 28672, 128256, Q4_0)
                                .bytes(),
                        39_969_732_576L,
                        "llama",
                        "70.6B",
                        "Q4_0");
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    /** One line of the table: a model, what is asked, the machine, and Ollama's numbers. */
    record Case(
            String model,
            Integer ctx,
            int parallel,
            HardwareReport machine,
            int context,
            long kv,
            int batch,
            long total,
            String why) {
        @Override
        public String toString() {
            return model + " " + why;
        }
    }

    static List<Case> table() {
        HardwareReport cpu = machine(64 * GIB);
        HardwareReport rtx4090 = machine(64 * GIB, gpu("NVIDIA GeForce RTX 4090", 24 * GIB));
        HardwareReport a6000 = machine(64 * GIB, gpu("NVIDIA RTX A6000", 48 * GIB));
        HardwareReport two4090 =
                machine(64 * GIB, gpu("NVIDIA GeForce RTX 4090", 24 * GIB), gpu("NVIDIA GeForce RTX 4090", 24 * GIB));
        return List.of(
                // 4,661,211,424 + 131,072 × 4096 (536,870,912); ctx ≤ 4096: batch 512, nothing added
                new Case("llama3:8b", null, 1, cpu, 4096, 536_870_912L, 512, 5_198_082_336L, "default, no GPU"),
                // + 131,072 × 8192 (1 GiB) = 5,734,953,248 ≤ 75 % of 24 GiB: batch 1024, + 805,306,368
                new Case("llama3:8b", 8192, 1, rtx4090, 8192, 1_073_741_824L, 1024, 6_540_259_616L, "8192 on 24 GiB"),
                // 24 GiB: default 32768 (trained 32768); 397,821,312 + 12,288 × 32768 (402,653,184); 1024
                new Case(
                        "qwen2.5:0.5b", null, 1, rtx4090, 32768, 402_653_184L, 1024, 1_605_780_864L, "default, 24 GiB"),
                // two slots: ctx 65536 > 32768, 1,203,127,680 ≤ 60 % of 24 GiB: batch 2048, + 2 GiB
                new Case(
                        "qwen2.5:0.5b", null, 2, rtx4090, 32768, 805_306_368L, 2048, 3_350_611_328L, "2 slots, 24 GiB"),
                // 397,821,312 + 12,288 × 4096 (50,331,648); batch 512
                new Case("qwen2.5:0.5b", 4096, 1, cpu, 4096, 50_331_648L, 512, 448_152_960L, "4096, no GPU"),
                // 48 GiB: default 262144, capped at 131072; KV 393,216 × 131072 = 48 GiB; 53,715,786,464 >
                // 80 % of 48 GiB: 2048 and 1024 do not fit, batch 512
                new Case("phi3:3.8b", null, 1, a6000, 131072, 51_539_607_552L, 512, 53_715_786_464L, "default, 48 GiB"),
                // 2,176,178,912 + 393,216 × 4096 (1,610,612,736); batch 512
                new Case("phi3:3.8b", 4096, 1, cpu, 4096, 1_610_612_736L, 512, 3_786_791_648L, "4096, no GPU"),
                // 39,969,732,576 + 327,680 × 8192 (2,684,354,560) = 42,654,087,136: more than 80 % of one 4090,
                // so both (48 GiB), and more than 80 % of those: batch 512
                new Case(
                        "llama3:70b", 8192, 1, two4090, 8192, 2_684_354_560L, 512, 42_654_087_136L, "8192 on 2×24 GiB"),
                // no GPU: nothing to step down for, ctx 8192 > 4096: batch 1024, + 805,306,368
                new Case("llama3:70b", 8192, 1, cpu, 8192, 2_684_354_560L, 1024, 43_459_393_504L, "8192, no GPU"));
    }

    @ParameterizedTest
    @MethodSource("table")
    void theTotalIsOllamasEstimate(Case c) {
        FitCheck check = new FitCheck(
                new RegistryClient(
                        URI.create(registry.url()),
                        new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)),
                        null),
                null);
        FitCheck.Options options = c.ctx() == null
                ? FitCheck.Options.ollamaDefault(c.parallel(), KvCacheType.F16)
                : new FitCheck.Options(c.ctx(), c.parallel(), KvCacheType.F16);

        FitReport r = check.check(c.model(), options, c.machine());

        assertThat(r.context()).isEqualTo(c.context());
        assertThat(r.kvCacheBytes()).isEqualTo(c.kv());
        assertThat(r.batch()).isEqualTo(c.batch());
        // The acceptance is 5 %; the numbers agree to the byte.
        assertThat(r.totalBytes()).isEqualTo(c.total());
        assertThat(Math.abs(r.totalBytes() - c.total())).isLessThanOrEqualTo(c.total() / 20);
    }

    static HardwareReport machine(long ram, HardwareReport.Gpu... gpus) {
        return new HardwareReport(
                new HardwareReport.Os("Linux", "6", "amd64"),
                new HardwareReport.Cpu("test", 8, 16, List.of("AVX2")),
                new HardwareReport.Memory(ram, ram, null, ram),
                List.of(gpus),
                new HardwareReport.Disk("/", 500 * GIB));
    }

    static HardwareReport.Gpu gpu(String name, long vram) {
        return new HardwareReport.Gpu("NVIDIA", name, vram, vram, "550", false);
    }
}
