package dev.jollama.cli.command;

import static dev.jollama.cli.CommandResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23's rest, through the command line: cloud models (names, list, show, pull, the 401 of a daemon not
 * signed in), what a model cannot do refused before sending, a proxy's headers, the options Ollama dropped,
 * and --version asking the daemon.
 */
class CloudAndProxiesIT {

    private static final byte[] PNG_HEAD = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path home;

    private final FakeOllama fake = FakeOllama.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    private CliRunner cli() {
        return new CliRunner(home).host(fake.url());
    }

    @Test
    void aCloudModelWhileTheDaemonIsNotSignedInIsOneLineWithTheLinkAndExit1() {
        fake.signedIn(false);
        Result r = cli().run("run", "gpt-oss:120b-cloud", "hi");
        assertThat(r)
                .exitedWith(1)
                .outEquals("")
                .errEquals("jollama: not signed in to ollama.com: sign in at " + FakeOllama.SIGNIN_URL
                        + " (or run `ollama signin` where the daemon runs)\n");
    }

    @Test
    void aCloudModelRunsWithoutAPullOrAFitCheckAndItsNameGoesAsWritten() {
        Result r = cli().run("run", "--pull", "gpt-oss:120b-cloud", "hi");
        assertThat(r).succeeded().outEquals("The sky is blue because of Rayleigh scattering.\n");
        assertThat(fake.requests("/api/pull"))
                .as("the daemon runs it on ollama.com")
                .isEmpty();
        assertThat(fake.requests("/api/chat").get(0).json().path("model").asText())
                .isEqualTo("gpt-oss:120b-cloud");
    }

    @Test
    void pullingACloudModelFetchesItsStubWithoutTheLocalMemoryCheck() {
        Result r = cli().run("pull", "gpt-oss:20b:cloud");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).doesNotContain("could not check");
        assertThat(fake.requests("/api/pull").get(0).json().path("model").asText())
                .isEqualTo("gpt-oss:20b-cloud");
    }

    @Test
    void listSaysWhereACloudModelRunsInsteadOfItsStubsSize() {
        fake.models("llama3.2:latest", "gpt-oss:120b-cloud");
        Result r = cli().run("list");
        assertThat(r).succeeded();
        assertThat(r.out().lines().filter(l -> l.startsWith("gpt-oss:120b-cloud")))
                .singleElement()
                .asString()
                .contains("cloud")
                .doesNotContain("384");
        assertThat(r.out()).contains("llama3.2:latest");
        Result json = cli().run("list", "--json");
        assertThat(json.out())
                .contains("\"remote_model\" : \"gpt-oss:120b\"")
                .contains("\"remote_host\" : \"" + FakeOllama.CLOUD_HOST + "\"");
    }

    @Test
    void showNamesTheHostAndModelACloudModelRunsOn() {
        Result r = cli().run("show", "gpt-oss:120b-cloud");
        assertThat(r).succeeded();
        assertThat(r.out())
                .contains("  Runs on\n")
                .containsPattern("host +" + FakeOllama.CLOUD_HOST.replace(".", "\\."))
                .containsPattern("model +gpt-oss:120b\n");
        assertThat(cli().run("show", "llama3.2").out()).doesNotContain("Runs on");
    }

    @Test
    void aChatWithACloudModelOllamaDoesNotHaveIsNotOfferedADownload() {
        Result r = cli().terminal().stdinTerminal().stdin("y\n").run("chat", "nosuch:cloud");
        assertThat(r).exitedWith(3);
        assertThat(r.err()).startsWith("jollama: no cloud model 'nosuch:cloud'").doesNotContain("Pull it now?");
        assertThat(fake.requests("/api/pull")).isEmpty();
    }

    @Test
    void stopSaysACloudModelHasNothingToStop() {
        assertThat(cli().run("stop", "gpt-oss:120b-cloud"))
                .exitedWith(0)
                .errEquals("nothing to stop: 'gpt-oss:120b-cloud' runs on ollama.com\n");
        assertThat(fake.requests("/api/generate")).isEmpty();
    }

    @Test
    void aNameWithBothLocalAndCloudIsAUsageErrorAndNothingIsSent() {
        Result r = cli().run("run", "llama3.2:cloud:local", "hi");
        assertThat(r)
                .exitedWith(2)
                .errEquals("jollama: model 'llama3.2:cloud:local' says both where to run: use either :local or"
                        + " :cloud, not both\n");
        assertThat(fake.requests("/api/chat")).isEmpty();
    }

    @Test
    void anImageForAModelWithoutVisionIsRefusedBeforeSending() throws IOException {
        fake.capabilities("llama3.2", "completion", "tools");
        Path png = Files.write(home.resolve("cat.png"), PNG_HEAD);
        Result r = cli().run("run", "llama3.2", "--image", png.toString(), "what is this?");
        assertThat(r)
                .exitedWith(2)
                .outEquals("")
                .errEquals("jollama: model llama3.2 cannot see images (its capabilities: completion, tools): --image"
                        + " is refused; choose a model that lists vision in `jollama show`\n");
        assertThat(fake.requests("/api/chat")).isEmpty();

        Result viaFile = cli().run("run", "llama3.2", "-f", png.toString(), "and this?");
        assertThat(viaFile).exitedWith(2).errContains("an image in -f is refused");
        assertThat(fake.requests("/api/chat")).isEmpty();
    }

    @Test
    void batchItemsWithImagesFailWithExit2ForAModelWithoutVisionAndTheOthersAreAnswered() throws IOException {
        fake.capabilities("llama3.2", "completion");
        Files.write(home.resolve("cat.png"), PNG_HEAD);
        Path items = Files.writeString(
                home.resolve("items.jsonl"),
                "{\"id\":\"a\",\"prompt\":\"what?\",\"images\":[\"cat.png\"]}\n{\"id\":\"b\",\"prompt\":\"hi\"}\n"
                        + "{\"id\":\"c\",\"prompt\":\"and?\",\"images\":[\"cat.png\"]}\n");
        Result r = cli().run("batch", "llama3.2", "--ordered", items.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        var lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0))
                .contains("\"id\":\"a\"")
                .contains("cannot see images")
                .contains("\"exit_code\":2");
        assertThat(lines.get(1)).contains("\"id\":\"b\"").contains("\"response\"");
        assertThat(lines.get(2)).contains("\"id\":\"c\"").contains("\"exit_code\":2");
        assertThat(fake.requests("/api/generate")).hasSize(1);
        assertThat(fake.requests("/api/show"))
                .as("the model looked up once by batch, its capabilities once, not per item")
                .hasSize(2);
    }

    @Test
    void anImageGoesWhenTheDaemonCannotSayWhatTheModelDoes() throws IOException {
        fake.capabilitiesListed(false);
        Path png = Files.write(home.resolve("cat.png"), PNG_HEAD);
        assertThat(cli().run("run", "llama3.2", "--image", png.toString(), "what is this?"))
                .succeeded();
        assertThat(fake.requests("/api/chat")
                        .get(0)
                        .json()
                        .path("messages")
                        .get(0)
                        .path("images"))
                .hasSize(1);
    }

    @Test
    void ollamaHeadersGoWithEveryRequestAndConfigShowsTheirNamesOnly() {
        CliRunner withHeaders = cli().env("OLLAMA_HEADERS", "X-Tenant: team-a\nCF-Access-Client-Secret: s3cret");
        assertThat(withHeaders.run("run", "llama3.2", "hi")).succeeded();
        assertThat(withHeaders.run("list")).succeeded();
        assertThat(fake.requests()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(req -> {
            assertThat(req.header("X-Tenant")).isEqualTo("team-a");
            assertThat(req.header("CF-Access-Client-Secret")).isEqualTo("s3cret");
        });

        Result config = withHeaders.run("config");
        assertThat(config.out())
                .containsPattern("headers +X-Tenant, CF-Access-Client-Secret \\(values not shown\\) +\\$OLLAMA_HEADERS")
                .doesNotContain("s3cret")
                .doesNotContain("team-a");
        Result verbose = withHeaders.run("list", "-v");
        assertThat(verbose.err())
                .contains("jollama: > CF-Access-Client-Secret: <redacted: from OLLAMA_HEADERS>")
                .doesNotContain("s3cret");
    }

    @Test
    void headersThatWouldReplaceHostOrContentLengthAreAConfigErrorAndNothingIsSent() {
        Result r = cli().env("OLLAMA_HEADERS", "Host: evil.example").run("list");
        assertThat(r)
                .exitedWith(4)
                .errEquals("jollama: OLLAMA_HEADERS sets Host, which jollama writes itself for each request: remove"
                        + " it\n");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void aHostsOwnHeadersInTheConfigReplaceTheEnvironmentsForIt() throws IOException {
        CliRunner runner = new CliRunner(home).env("OLLAMA_HEADERS", "X-Tenant: env");
        runner.writeConfig("{\"hosts\": [{\"url\": \"" + fake.url() + "\", \"name\": \"box\", \"headers\":"
                + " {\"X-Tenant\": \"box-team\"}}]}");
        assertThat(runner.run("list")).succeeded();
        assertThat(fake.requests("/api/tags").get(0).header("X-Tenant")).isEqualTo("box-team");
    }

    @Test
    void anOptionOllamaDroppedIsSentWithOneWarning() {
        Result r = cli().run("run", "-o", "mirostat=2", "-o", "draft_num_predict=4", "llama3.2", "hi");
        assertThat(r)
                .exitedWith(0)
                .errEquals("jollama: warning: Ollama ignores mirostat since 0.7.0: it is sent, and does nothing\n");
        var options = fake.requests("/api/chat").get(0).json().path("options");
        assertThat(options.path("mirostat").asInt()).isEqualTo(2);
        assertThat(options.path("draft_num_predict").isInt()).as("typed").isTrue();
    }

    @Test
    void versionNamesTheDaemonsVersionWhenOneAnswers() {
        Result r = cli().run("--version");
        assertThat(r).succeeded();
        assertThat(r.out()).matches("jollama \\S+\nollama 0\\.13\\.5 at " + fake.url() + "\n");
        assertThat(fake.requests("/api/version")).hasSize(1);
    }

    @Test
    void versionIsOneLineAndSilentWhenNoDaemonAnswers() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Result r = new CliRunner(home).host("http://127.0.0.1:" + port).run("--version");
        assertThat(r).succeeded();
        assertThat(r.out()).matches("jollama \\S+\n");
    }

    @Test
    void helpAndTheManPagesAskNoDaemonForTheVersion() {
        assertThat(cli().run("--help").exitCode()).isZero();
        assertThat(cli().run("list").exitCode()).isZero();
        assertThat(fake.requests("/api/version")).isEmpty();
    }
}
