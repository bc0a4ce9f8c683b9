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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jollama hw on this very machine, with the fake daemon: the output a new user would see. */
class HwCommandIT {

    @TempDir
    Path home;

    @Test
    void reportsThisMachineAndAVerdictPerProfile() {
        try (FakeOllama fake = FakeOllama.start()) {
            Result r = new CliRunner(home).host(fake.url()).run("hw");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out())
                    .contains("CPU ")
                    .contains(Runtime.getRuntime().availableProcessors() + " threads")
                    .contains("Memory ")
                    .contains("Daemon     up at " + fake.url() + ", version 0.13.5")
                    .contains("mistral:latest loaded, fully in VRAM")
                    .containsPattern("phi3-mini +phi3:3.8b-mini-4k-instruct-q4_K_M +(GPU|GPU\\+CPU|CPU|won't fit)")
                    .containsPattern("llama3-8b +llama3:8b-instruct-q4_K_M")
                    .contains("Recommended: ");
        }
    }

    @Test
    void jsonHasStableFields() throws Exception {
        Result r = new CliRunner(home).host("127.0.0.1:9").run("hardware", "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("hardware").path("cpu").path("threads").asInt())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(json.path("hardware").path("memory").path("total").asLong()).isPositive();
        assertThat(json.path("daemon").path("reachable").asBoolean()).isFalse();
        assertThat(json.path("verdicts")).hasSize(2);
        assertThat(json.path("verdicts").get(0).path("profile").asText()).isEqualTo("phi3-mini");
        assertThat(json.path("verdicts").get(0).path("fit").asText()).isIn("GPU", "GPU+CPU", "CPU", "won't fit");
    }

    @Test
    void everyInstalledModelGetsAVerdictFromTheDaemonsDescription() throws Exception {
        try (FakeOllama fake = FakeOllama.start()) {
            Result r = new CliRunner(home).host(fake.url()).run("hw");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("INSTALLED").containsPattern("llama3.2:latest +(GPU|GPU\\+CPU|CPU|won't fit)");

            Result json = new CliRunner(home).host(fake.url()).run("hw", "--json");
            JsonNode installed = new ObjectMapper().readTree(json.out()).path("installed");
            assertThat(installed).isNotEmpty();
            JsonNode llama = installed.get(0);
            assertThat(llama.path("layers").asInt()).isEqualTo(32); // llama.block_count from /api/show
            assertThat(llama.path("weights_bytes").asLong()).isPositive();
            assertThat(llama.path("kv_cache_bytes").asLong()).isPositive();
        }
    }

    /** An RTX 4090 with 24 GiB: nvidia-smi on the PATH answers for it as the real one does. */
    private CliRunner onA4090(String host) throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\necho 'NVIDIA GeForce RTX 4090, 24564, 24000, 550.54.14'\n");
        assertThat(smi.toFile().setExecutable(true)).isTrue();
        return new CliRunner(home).host(host).env("PATH", bin.toString());
    }

    @Test
    void hwAndFitGiveOneSpeedAndNameTheContextTheyAssume() throws Exception {
        try (FakeOllama fake = FakeOllama.start();
                FakeRegistry registry = FakeRegistry.start()
                        .model(
                                "library/llama3.2:latest",
                                GgufWriter.llamaLike("llama", 32, 4096, 32, 8L, 14336, 128256, 12)
                                        .bytes(),
                                2_019_393_189L,
                                "llama",
                                "3.2B",
                                "Q4_K_M")) {
            Result hw = onA4090(fake.url()).run("hw", "--json");
            assertThat(hw.exitCode()).as(hw.err()).isZero();
            JsonNode json = new ObjectMapper().readTree(hw.out());
            JsonNode installed = json.path("installed").get(1); // tags.json: deepseek-r1, then llama3.2
            assertThat(installed.path("model").asText()).isEqualTo("llama3.2:latest");
            assertThat(installed.path("fit").asText()).isEqualTo("GPU");
            // 24 GiB: Ollama's default is 32768, lowered to the 8192 /api/show says the model was trained for
            assertThat(installed.path("context").asInt()).isEqualTo(8192);
            assertThat(installed.path("context_source").asText())
                    .isEqualTo("Ollama's default for 23 GiB of VRAM or more, capped at the trained context");
            JsonNode verdict = json.path("verdicts").get(0);
            assertThat(verdict.path("tokens_per_second_low").asDouble()).isPositive();
            assertThat(verdict.path("tokens_per_second_high").asDouble())
                    .isGreaterThan(verdict.path("tokens_per_second_low").asDouble());

            Result fit =
                    onA4090(fake.url()).env("JOLLAMA_REGISTRY", registry.url()).run("fit", "llama3.2:latest", "--json");
            JsonNode f = new ObjectMapper().readTree(fit.out());
            assertThat(f.path("tokens_per_second_low").asDouble())
                    .isEqualTo(installed.path("tokens_per_second_low").asDouble());
            assertThat(f.path("tokens_per_second_high").asDouble())
                    .isEqualTo(installed.path("tokens_per_second_high").asDouble());

            Result text = onA4090(fake.url()).run("hw");
            assertThat(text.out())
                    .containsPattern("phi3-mini .* GPU .*; about \\d+–\\d+ tokens/s \\(fast\\)")
                    .containsPattern("llama3.2:latest +GPU +3.9 GB at 8192 +all 32 layers")
                    .contains("Context    Ollama's default for 23 GiB of VRAM or more, capped at the trained context\n")
                    .contains("Recommended: llama3-8b (GPU, fast)");
        }
    }
}
