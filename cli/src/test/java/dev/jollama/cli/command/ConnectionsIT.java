package dev.jollama.cli.command;

import static dev.jollama.cli.CommandResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where prompts travel and with what: the plain-http warning and the API key. */
class ConnectionsIT {

    /** TEST-NET-1: never routed, so a connection fails at once or after the short connect timeout. */
    private static final String REMOTE = "http://192.0.2.1:11434";

    @TempDir
    Path home;

    private final FakeOllama fake = FakeOllama.start();

    @BeforeEach
    void quickFailures() throws Exception {
        new CliRunner(home)
                .writeConfig("{\"timeouts\": {\"connect\": \"200ms\"}, \"resilience\": {\"maxAttempts\": 1}}");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void aRemoteHostOverPlainHttpIsWarnedAboutOnStderr() {
        Result r = new CliRunner(home).host(REMOTE).run("status");
        assertThat(r.exitCode()).isEqualTo(69);
        assertThat(r.err())
                .startsWith("jollama: warning: " + REMOTE + " is another machine over plain http: prompts and"
                        + " answers travel unencrypted (use https:// or an SSH tunnel)\n");
    }

    @Test
    void theKeyIsNeverSentInClearToAnotherMachineWithoutInsecure() {
        Result r =
                new CliRunner(home).host(REMOTE).env("OLLAMA_API_KEY", "sk-1").run("run", "llama3.2", "hi");
        assertThat(r)
                .exitedWith(2)
                .outEquals("")
                .errEquals("jollama: the API key in OLLAMA_API_KEY is not sent to " + REMOTE + ": plain http to another"
                        + " machine, where anyone on the way could read it; use https://, unset OLLAMA_API_KEY, or pass"
                        + " --insecure to send it anyway\n");
    }

    @Test
    void withInsecureTheKeyGoesAndTheWarningNamesIt() {
        Result r =
                new CliRunner(home).host(REMOTE).env("OLLAMA_API_KEY", "sk-1").run("status", "--insecure");
        assertThat(r.exitCode()).as("sent: the address does not answer").isEqualTo(69);
        assertThat(r.err())
                .startsWith("jollama: warning: " + REMOTE + " is another machine over plain http: prompts, answers"
                        + " and the API key travel unencrypted");
    }

    @Test
    void httpsOrTheLoopbackGetNoWarning() {
        Result https = new CliRunner(home).host("https://192.0.2.1").run("status");
        assertThat(https.exitCode()).isEqualTo(69);
        assertThat(https.err()).doesNotContain("warning");
        Result local = new CliRunner(home).host(fake.url()).run("status");
        assertThat(local.exitCode()).isZero();
        assertThat(local.err()).isEmpty();
    }

    @Test
    void theKeyIsSentAndVerboseShowsTheExchangeWithTheKeyRedacted() {
        Result r = new CliRunner(home)
                .host(fake.url())
                .env("OLLAMA_API_KEY", "sk-live-abc")
                .run("run", "--verbose", "llama3.2", "hi");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("The sky is blue because of Rayleigh scattering.\n");
        assertThat(r.err())
                .contains("jollama: > POST " + fake.url() + "/api/chat (")
                .contains("jollama: > Authorization: Bearer <redacted: 11 characters from OLLAMA_API_KEY>")
                .contains("jollama: < 200 application/x-ndjson after ")
                .doesNotContain("sk-live");
        assertThat(fake.requests("/api/chat").get(0).header("Authorization")).isEqualTo("Bearer sk-live-abc");
    }

    @Test
    void statusVerboseSaysWhereTheKeyCameFromButNotWhatItIs() {
        Result r = new CliRunner(home)
                .host(fake.url())
                .env("JOLLAMA_API_KEY", "sk-live-abc")
                .run("status", "--verbose");
        assertThat(r.out()).contains("api key:   Bearer <redacted: 11 characters from JOLLAMA_API_KEY>\n");
        assertThat(r.out() + r.err()).doesNotContain("sk-live");
    }

    @Test
    void aKeyThatWouldInjectHeadersIsAConfigurationError() {
        Result r = new CliRunner(home)
                .host(fake.url())
                .env("OLLAMA_API_KEY", "k\nX: y")
                .run("list");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err())
                .isEqualTo("jollama: OLLAMA_API_KEY holds a space, a line break or a character outside printable"
                        + " ASCII at position 2: set it to the key alone\n");
        assertThat(fake.requests()).isEmpty();
    }
}
