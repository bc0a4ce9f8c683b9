package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.fake.FakeRegistry;
import dev.jollama.core.fake.GgufWriter;
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

    private CliRunner cli() {
        return new CliRunner(home).host(fake.url()).env("JOLLAMA_REGISTRY", registry.url());
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
                .contains("weights 4.7 GB")
                .contains("context:  trained for 8192 tokens;")
                .contains("tokens/s (an estimate");
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
}
