package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.fake.FakeOllama;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several hosts through the command line: failover, status and list per host, batch over both. */
class HostsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private final FakeOllama a = FakeOllama.start().slots(2, 30);
    private final FakeOllama b = FakeOllama.start().slots(2, 30);

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    private CliRunner cli() {
        return new CliRunner(home).env("JOLLAMA_HOSTS", a.url() + "," + b.url());
    }

    private static List<JsonNode> lines(String text) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String line : text.lines().toList()) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private Path prompts(int count) throws Exception {
        Path in = home.resolve("in.jsonl");
        Files.writeString(
                in,
                IntStream.rangeClosed(1, count)
                        .mapToObj(i -> "{\"id\": \"q" + i + "\", \"prompt\": \"question " + i + "\"}")
                        .collect(Collectors.joining("\n", "", "\n")));
        return in;
    }

    @Test
    void fortyPromptsAreAnsweredOverBothHostsAndARerunSendsNothing() throws Exception {
        Path in = prompts(40);
        Path out = home.resolve("out.jsonl");

        Result first = cli().run("batch", "llama3.2", in.toString(), "-j", "4", "-o", out.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEmpty();
        List<JsonNode> results = lines(Files.readString(out));
        assertThat(results).hasSize(40);
        Set<String> ids = new HashSet<>();
        Map<String, Integer> perHost = new HashMap<>();
        for (JsonNode r : results) {
            ids.add(r.path("id").asText());
            perHost.merge(r.path("host").asText(), 1, Integer::sum);
            assertThat(r.path("response").asText()).isNotEmpty();
            assertThat(r.path("model").asText()).isEqualTo("llama3.2");
            assertThat(r.has("prompt_eval_count") && r.has("eval_count") && r.has("total_duration"))
                    .isTrue();
        }
        assertThat(ids).hasSize(40).contains("q1", "q40");
        assertThat(perHost.keySet()).hasSize(2);
        assertThat(perHost.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(10));
        assertThat(a.peakConcurrency() + b.peakConcurrency()).isGreaterThanOrEqualTo(3);
        int sent = a.answered() + b.answered();

        Result again = cli().run("batch", "llama3.2", in.toString(), "-j", "4", "-o", out.toString());

        assertThat(again.exitCode()).isZero();
        assertThat(a.answered() + b.answered()).isEqualTo(sent);
        assertThat(Files.readString(out).lines()).hasSize(40);
    }

    @Test
    void aHostThatIsDownHasItsItemsAnsweredByTheOther() throws Exception {
        a.close();
        Path in = prompts(10);

        Result r = cli().run("batch", "llama3.2", in.toString(), "-j", "4");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(lines(r.out())).hasSize(10).allSatisfy(line -> assertThat(
                        line.path("host").asText())
                .isEqualTo(b.url().replace("http://", "")));
    }

    @Test
    void orderedWritesInInputOrderAndPlainLinesAreNumberedPrompts() throws Exception {
        String input = IntStream.rangeClosed(1, 12).mapToObj(i -> "prompt " + i).collect(Collectors.joining("\n"));

        Result r = cli().stdin(input).run("batch", "llama3.2", "--ordered", "-j", "4");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(lines(r.out()))
                .extracting(l -> l.path("id").asInt())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void aFailedItemIsAnErrorLineAndTheBatchGoesOnAndExitsOne() throws Exception {
        String input =
                "{\"id\": 1, \"prompt\": \"fine\"}\n{\"id\": 2}\n{not json\n{\"id\": 4, \"prompt\": \"fine too\"}\n";

        Result r = cli().stdin(input).run("batch", "llama3.2", "--ordered");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jollama: 2 of 4 items failed (their error lines are in the output)\n");
        List<JsonNode> out = lines(r.out());
        assertThat(out.get(0).has("response")).isTrue();
        assertThat(out.get(1).path("error").asText()).isEqualTo("line 2 has no \"prompt\" (text)");
        assertThat(out.get(1).path("exit_code").asInt()).isEqualTo(2);
        assertThat(out.get(2).path("id").asInt()).isEqualTo(3);
        assertThat(out.get(3).has("response")).isTrue();
    }

    @Test
    void aModelNoHostHasStopsTheBatchBeforeItsFirstItemWithExitThree() {
        Result r = cli().stdin("hello\n").run("batch", "nosuch-model");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("is on none of the hosts").doesNotContain("\tat ");
    }

    @Test
    void noHostAnsweringStopsTheBatchWithExitSixtyNine() {
        a.close();
        b.close();
        Result r = cli().stdin("hello\n").run("batch", "llama3.2");

        assertThat(r.exitCode()).isEqualTo(69);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anItemCutHalfWayIsAnsweredAgainByTheOtherHostSinceNothingWasShown() throws Exception {
        a.answer(FakeOllama.Answer.CUT);

        Result r = cli().stdin("one\ntwo\nthree\nfour\n").run("batch", "llama3.2", "-j", "2");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(lines(r.out())).hasSize(4).allSatisfy(l -> assertThat(
                        l.path("host").asText())
                .isEqualTo(b.url().replace("http://", "")));
    }

    @Test
    void runsHabitOfDashOForAnOptionIsCaught() {
        Result r = cli().stdin("hi\n").run("batch", "llama3.2", "-o", "temperature=0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("write --option temperature=0");
        assertThat(home.resolve("temperature=0")).doesNotExist();
    }

    @Test
    void badPathsAreUsageErrorsNotInternalOnes() throws Exception {
        Result missingFolder = cli().stdin("hi\n")
                .run(
                        "batch",
                        "llama3.2",
                        "-o",
                        home.resolve("no/such/out.jsonl").toString());
        assertThat(missingFolder.exitCode()).isEqualTo(2);
        assertThat(missingFolder.err()).contains("does not exist").doesNotContain("internal error");

        Result folderIn = cli().run("batch", "llama3.2", home.toString());
        assertThat(folderIn.exitCode()).isEqualTo(2);
        assertThat(folderIn.err()).contains("is a folder");
    }

    @Test
    void aSecondBatchOnTheSameResultsFileIsRefused() throws Exception {
        Path out = home.resolve("out.jsonl");
        try (dev.jollama.core.batch.ResultsFile held = dev.jollama.core.batch.ResultsFile.open(out)) {
            Result r = cli().stdin("hi\n").run("batch", "llama3.2", "-o", out.toString());

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("another jollama batch is writing");
        }
        assertThat(cli().stdin("hi\n")
                        .run("batch", "llama3.2", "-o", out.toString())
                        .exitCode())
                .isZero();
    }

    @Test
    void aResumedFileThatIsALinkStaysALinkWithItsPermissions() throws Exception {
        Path real = home.resolve("real.jsonl");
        Files.writeString(real, "{\"id\":1,\"error\":\"boom\",\"exit_code\":1}\n");
        Files.setPosixFilePermissions(real, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
        Path link = Files.createSymbolicLink(home.resolve("link.jsonl"), real);

        Result r = cli().stdin("again\n").run("batch", "llama3.2", "-o", link.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(real)))
                .isEqualTo("rw-rw-r--");
        assertThat(Files.readString(real)).doesNotContain("boom").contains("\"response\"");
    }

    @Test
    void runIsAnsweredByTheSecondHostWhenTheFirstIsStopped() {
        a.close();

        Result r = cli().run("run", "llama3.2", "hi", "-v");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("The sky is blue because of Rayleigh scattering.\n");
        assertThat(r.err()).contains("answered by " + b.url().replace("http://", ""));
        assertThat(b.requests("/api/chat").size() + b.requests("/api/generate").size())
                .isEqualTo(1);
    }

    @Test
    void runGoesToTheHostThatHasTheModel() {
        a.models("deepseek-r1:latest");
        b.models("llama3.2:latest");

        Result r = cli().run("run", "llama3.2", "hi");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(a.requests("/api/chat")).isEmpty();
        assertThat(b.requests("/api/chat")).hasSize(1);
    }

    @Test
    void aProfileCanPreferAHost() throws Exception {
        new CliRunner(home)
                .writeConfig("{\"hosts\": [\"" + a.url() + "\", {\"url\": \"" + b.url() + "\", \"name\": \"gpu\"}],"
                        + " \"profiles\": {\"fast\": {\"model\": \"llama3.2\", \"host\": \"gpu\"}}}");

        Result r = new CliRunner(home).run("run", "fast", "hi", "-v");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("answered by gpu");
        assertThat(a.requests("/api/chat")).isEmpty();
    }

    @Test
    void statusShowsEveryHostAndSucceedsWhileOneIsUp() throws Exception {
        b.close();

        Result r = cli().run("status", "--json");

        assertThat(r.exitCode()).isZero();
        JsonNode hosts = JSON.readTree(r.out()).path("hosts");
        assertThat(hosts).hasSize(2);
        assertThat(hosts.get(0).path("reachable").asBoolean()).isTrue();
        assertThat(hosts.get(0).path("version").asText()).isNotEmpty();
        assertThat(hosts.get(1).path("reachable").asBoolean()).isFalse();
        assertThat(hosts.get(1).path("error").asText()).contains("not reachable");
        assertThat(hosts.get(1).path("circuit_breaker").path("state").asText()).isEqualTo("CLOSED");

        Result text = cli().run("status");
        assertThat(text.out()).contains(a.url() + "): up, version").contains(b.url() + "): not answering");
    }

    @Test
    void statusExitsSixtyNineWhenNoHostAnswers() {
        a.close();
        b.close();
        assertThat(cli().run("status").exitCode()).isEqualTo(69);
    }

    @Test
    void listShowsEachHostsModels() throws Exception {
        a.models("llama3.2:latest");
        b.models("deepseek-r1:latest", "llama3.2:latest");

        Result r = cli().run("list");

        assertThat(r.exitCode()).isZero();
        List<String> rows = r.out().lines().toList();
        assertThat(rows.get(0)).startsWith("HOST ");
        assertThat(rows).hasSize(4);
        JsonNode json = JSON.readTree(cli().run("list", "--json").out());
        assertThat(json).hasSize(3);
        assertThat(json.get(0).path("host").asText()).isEqualTo(a.url().replace("http://", ""));
        assertThat(json.get(0).path("name").asText()).isEqualTo("llama3.2:latest");
    }

    @Test
    void aBadHostsEntryInTheConfigIsExitFourNamingIt() throws Exception {
        new CliRunner(home).writeConfig("{\"hosts\": [{\"url\": \"http://gpu:11434\", \"api\": \"grpc\"}]}");

        Result r = new CliRunner(home).run("status");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("'hosts': host 1:").contains("unknown API 'grpc'");
    }

    @Test
    void twoHostsWithOneNameAndAStringForTheListAreConfigErrors() throws Exception {
        new CliRunner(home)
                .writeConfig(
                        "{\"hosts\": [{\"url\": \"http://a:1\", \"name\": \"x\"}, {\"url\": \"http://b:1\", \"name\": \"x\"}]}");
        Result same = new CliRunner(home).run("status");
        assertThat(same.exitCode()).isEqualTo(4);
        assertThat(same.err()).contains("another host is named 'x'");

        new CliRunner(home).writeConfig("{\"hosts\": \"http://a:1,http://b:2\"}");
        Result text = new CliRunner(home).run("status");
        assertThat(text.exitCode()).isEqualTo(4);
        assertThat(text.err()).contains("expected a list [ … ]").doesNotContain("ArrayList");
    }

    @Test
    void aProfileMayNameItsHostByAddress() throws Exception {
        new CliRunner(home)
                .writeConfig("{\"hosts\": [{\"url\": \"" + a.url() + "\", \"name\": \"alpha\"}, {\"url\": \"" + b.url()
                        + "\", \"name\": \"beta\"}], \"profiles\": {\"p\": {\"model\": \"llama3.2\", \"host\": \""
                        + b.url() + "\"}}}");

        Result r = new CliRunner(home).run("run", "p", "hi", "-v");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("answered by beta").doesNotContain("warning");
    }

    @Test
    void ollamaHostOverrulingJollamaHostsIsSaidOnceOnStderr() {
        Result r = cli().host(a.url()).run("run", "llama3.2", "hi");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isNotEmpty();
        assertThat(r.err())
                .isEqualTo("jollama: warning: JOLLAMA_HOSTS is not used: $OLLAMA_HOST names one host (unset"
                        + " OLLAMA_HOST to use the list)\n");
        assertThat(b.requests()).isEmpty();
        // --host is a choice, not a surprise: nothing to say.
        Result flag = cli().run("--host", a.url(), "list");
        assertThat(flag.exitCode()).isZero();
        assertThat(flag.err()).isEmpty();
    }
}
