package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
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
}
