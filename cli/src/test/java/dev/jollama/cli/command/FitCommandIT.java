package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeRegistry;
import dev.jollama.core.fake.GgufWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `jollama fit` and the check before `pull`, against the fake registry, on this machine. */
class FitCommandIT {

    @TempDir
    Path home;

    private final FakeRegistry registry = FakeRegistry.start()
            .model(
                    "library/llama3:8b",
                    GgufWriter.llamaLike("llama", 32, 4096, 32, 8L, 14336, 128256, 12)
                            .bytes(),
                    4_661_211_424L,
                    "llama",
                    "8.0B",
                    "Q4_K_M")
            // Far beyond any test machine: 2 TB of weights.
            .model(
                    "library/giant:2t",
                    GgufWriter.llamaLike("llama", 128, 16384, 128, 8L, 53248, 128256, 12)
                            .bytes(),
                    2_000_000_000_000L,
                    "llama",
                    "3.5T",
                    "Q4_K_M");
    private final FakeOllama fake = FakeOllama.start();

    @AfterEach
    void stop() {
        registry.close();
        fake.close();
    }

    /** No GPU: a PATH without nvidia-smi or rocm-smi, whatever this machine has. */
    private CliRunner cli() {
        return new CliRunner(home)
                .host(fake.url())
                .env("JOLLAMA_REGISTRY", registry.url())
                .env("PATH", home.resolve("no-tools").toString());
    }

    /** An RTX 4090 with 24 GiB: nvidia-smi on the PATH answers for it as the real one does. */
    private CliRunner onA4090() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\necho 'NVIDIA GeForce RTX 4090, 24564, 24000, 550.54.14'\n");
        assertThat(smi.toFile().setExecutable(true)).isTrue();
        return cli().env("PATH", bin.toString());
    }

    private void llama31() {
        registry.model(
                "library/llama3.1:8b",
                GgufWriter.llamaLike("llama", 32, 4096, 32, 8L, 14336, 128256, 12, 131072)
                        .bytes(),
                4_920_753_328L,
                "llama",
                "8.0B",
                "Q4_K_M");
    }

    @Test
    void llama3At8kReportsItsWeightsAndKvCacheAndFitsHere() throws Exception {
        Result r = cli().run("fit", "llama3:8b", "--ctx", "8192", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("weights_bytes").asLong()).isEqualTo(4_661_211_424L);
        assertThat(json.path("kv_cache_bytes").asDouble()).isBetween(0.95 * (1L << 30), 1.05 * (1L << 30));
        assertThat(json.path("header_bytes_read").asLong()).isLessThan(64L << 20);
        assertThat(json.path("fit").asText()).isIn("GPU", "GPU+CPU", "CPU");
        assertThat(registry.blobBytesServed()).isLessThan(64L << 20);
    }

    @Test
    void theTextReportSaysVerdictMemoryContextAndSpeed() {
        Result r = cli().run("fit", "llama3:8b");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("llama3:8b  llama 8.0B Q4_K_M")
                .contains("verdict:  ")
                .contains("memory:   ")
                .contains("weights 4.7 GB + KV cache 0.5 GB (4096 tokens × 1, f16)\n")
                .contains("context:  4096 tokens (Ollama's default below 23 GiB of VRAM); trained for 8192;")
                .contains("tokens/s (an estimate")
                .doesNotContain("graph");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aModelBeyondThisMachineExits5() {
        Result r = cli().run("fit", "giant:2t");
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.out()).contains("won't fit").contains("needs ");
    }

    @Test
    void anUnknownModelExits3AndAnUnreachableRegistryExits69() {
        Result unknown = cli().run("fit", "nosuch:1b");
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err()).contains("is not in the registry at " + registry.url());

        Result down = new CliRunner(home).host(fake.url()).run("fit", "llama3:8b"); // the runner's dead registry
        assertThat(down.exitCode()).isEqualTo(69);
        assertThat(down.err()).startsWith("jollama: the model registry at http://127.0.0.1:9 cannot be reached");
    }

    @Test
    void pullOfAModelThatWillNotFitIsRefusedWithoutATerminalAndSendsNothing() {
        Result r = cli().run("pull", "giant:2t");
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.err())
                .startsWith("jollama: model giant:2t will not fit this machine: needs ")
                .contains("(`jollama pull --force giant:2t` downloads it anyway)");
        assertThat(fake.requests("/api/pull")).isEmpty();

        Result forced = cli().run("pull", "--force", "giant:2t");
        assertThat(forced.exitCode()).isZero();
        assertThat(fake.requests("/api/pull")).hasSize(1);
    }

    @Test
    void pullGoesOnWithANoteWhenTheRegistryCannotBeAsked() {
        Result r = new CliRunner(home).host(fake.url()).run("pull", "tinyllama");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).startsWith("jollama: note: could not check whether tinyllama fits");
        assertThat(fake.requests("/api/pull")).hasSize(1);
    }

    @Test
    void oneUnknownModelDoesNotHideTheOthersAnswers() {
        Result r = cli().run("fit", "llama3:8b", "nosuch:1b");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).contains("llama3:8b  llama 8.0B Q4_K_M");
        assertThat(r.err()).contains("nosuch:1b");
    }

    @Test
    void aPullToADaemonOnAnotherMachineIsNotCheckedAgainstThisOne() {
        Result r = new CliRunner(home)
                .host("http://192.0.2.1:9") // TEST-NET: nothing answers; the pull itself then fails
                .env("JOLLAMA_REGISTRY", registry.url())
                .run("pull", "giant:2t");
        assertThat(r.err()).startsWith("jollama: note: the daemon at http://192.0.2.1:9 is on another machine");
        assertThat(r.exitCode()).isNotEqualTo(5);
    }

    @Test
    void runPullChecksTheFitBeforeDownloading() {
        Result r = cli().run("run", "--pull", "giant:2t", "hi");
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(fake.requests("/api/pull")).isEmpty();
    }

    @Test
    void onA24GibGpuItAssumesTheContextOllamaWouldGive() throws Exception {
        llama31();
        Result r = onA4090().run("fit", "llama3.1:8b");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("verdict:  GPU — all 32 layers fit in 25.2 GB of free VRAM")
                .contains("memory:   10.0 GB = weights 4.9 GB + KV cache 4.3 GB (32768 tokens × 1, f16)"
                        + " + batch 0.8 GB (num_batch 1024)")
                .contains("context:  32768 tokens (Ollama's default for 23 GiB of VRAM or more); trained for 131072;");

        Result json = onA4090().run("fit", "llama3.1:8b", "--json");
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertThat(j.path("context").asInt()).isEqualTo(32768);
        assertThat(j.path("context_source").asText()).isEqualTo("Ollama's default for 23 GiB of VRAM or more");
        assertThat(j.path("batch").asInt()).isEqualTo(1024);
        assertThat(j.path("total_bytes").asLong()).isEqualTo(4_920_753_328L + (4L << 30) + (768L << 20));
        assertThat(j.has("graph_bytes")).isFalse();
    }

    @Test
    void ollamaContextLengthAndCtxSayWhereTheContextCameFrom() throws Exception {
        llama31();
        Result env = cli().env("OLLAMA_CONTEXT_LENGTH", "16384").run("fit", "llama3.1:8b");
        assertThat(env.out()).contains("context:  16384 tokens (OLLAMA_CONTEXT_LENGTH); trained for 131072;");

        Result flag = cli().run("fit", "llama3:8b", "--ctx", "100000", "--json");
        JsonNode j = new ObjectMapper().readTree(flag.out());
        assertThat(j.path("context").asInt()).isEqualTo(8192);
        assertThat(j.path("context_source").asText()).isEqualTo("--ctx, capped at the trained context");
    }

    @Test
    void aCloudModelIsNotLookedUpAndNeedsNoMemoryHere() throws Exception {
        Result r = new CliRunner(home).host(fake.url()).run("fit", "gpt-oss:120b-cloud"); // the dead registry
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("gpt-oss:120b-cloud\n  verdict:  cloud — runs on ollama.com: no local memory\n");
        assertThat(r.err()).isEmpty();

        Result json = new CliRunner(home).host(fake.url()).run("fit", "gpt-oss:120b-cloud", "--json");
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertThat(j.path("fit").asText()).isEqualTo("cloud");
        assertThat(j.path("format").asText()).isEqualTo("cloud");
        assertThat(j.path("total_bytes").asLong()).isZero();
    }

    @Test
    void aSafetensorsModelSaysWhatIsKnownInsteadOfFailing() throws Exception {
        long[] tensors = new long[120];
        java.util.Arrays.fill(tensors, 50_000_000L);
        registry.safetensors("library/gemma3-mlx:12b", tensors, "gemma3", "12.2B", "bf16");
        Result r = cli().run("fit", "gemma3-mlx:12b");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("gemma3-mlx:12b  gemma3 12.2B bf16")
                .contains("verdict:  CPU — no GPU: 6.0 GB of tensors in ")
                .contains("memory:   6.0 GB = weights 6.0 GB (safetensors); KV cache not estimated")
                .contains("note:     a safetensors model (120 tensors) for Ollama's MLX engine");
        assertThat(r.err()).isEmpty();

        Result pull = cli().run("pull", "gemma3-mlx:12b");
        assertThat(pull.exitCode()).isZero();
        assertThat(pull.err())
                .startsWith("jollama: note: gemma3-mlx:12b is a safetensors model: only its weights (6.0 GB) were"
                        + " checked, not its KV cache\n");
        assertThat(fake.requests("/api/pull")).hasSize(1);
    }

    @Test
    void pullOfACloudModelSaysItRunsElsewhere() {
        Result r = cli().run("pull", "gpt-oss:120b-cloud");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).startsWith("jollama: note: gpt-oss:120b-cloud runs on ollama.com: no local memory\n");
        assertThat(fake.requests("/api/pull")).hasSize(1);
    }
}
