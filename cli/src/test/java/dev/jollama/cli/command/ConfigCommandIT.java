package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import dev.jollama.core.error.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jollama config: every setting's value and origin; path; edit checked before it replaces the file. */
class ConfigCommandIT {

    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner(home);
    }

    private static String row(String out, String setting) {
        return out.lines()
                .filter(l -> l.startsWith(setting + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(setting + " not in\n" + out));
    }

    @Test
    void showsThatTheHostCameFromOllamaHost() {
        Result r = cli().env("OLLAMA_HOST", "http://10.0.0.5:11434").run("config");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(row(r.out(), "host")).contains("http://10.0.0.5:11434").endsWith("$OLLAMA_HOST");
        assertThat(row(r.out(), "timeouts.connect")).contains("2s").endsWith("default");
    }

    @Test
    void aValueFromTheFileNamesItsLine() throws Exception {
        Path file = cli().writeConfig("{\n  \"timeouts\": {\n    \"idle\": \"45s\"\n  }\n}\n");

        Result r = cli().run("config");

        assertThat(row(r.out(), "timeouts.idle")).contains("45s").endsWith(file + ":3");
        assertThat(row(r.out(), "host")).endsWith("default");
    }

    @Test
    void aFlagWinsAndSaysSo() {
        Result r = cli().env("OLLAMA_HOST", "10.0.0.5").run("--host", "gpu:11434", "config");

        assertThat(row(r.out(), "host")).contains("gpu:11434").endsWith("--host");
    }

    @Test
    void jsonHasEachSettingsOriginAndNeverTheKey() throws Exception {
        Result r = cli().env("JOLLAMA_API_KEY", "sk-very-secret")
                .env("JOLLAMA_HOSTS", "a:1,b:2")
                .run("config", "--json");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).doesNotContain("sk-very-secret");
        JsonNode all = new ObjectMapper().readTree(r.out());
        JsonNode hosts = null;
        JsonNode key = null;
        for (JsonNode s : all) {
            if (s.path("name").asText().equals("hosts")) {
                hosts = s;
            }
            if (s.path("name").asText().equals("apiKey")) {
                key = s;
            }
        }
        assertThat(hosts.path("origin").asText()).isEqualTo("env");
        assertThat(hosts.path("source").asText()).isEqualTo("JOLLAMA_HOSTS");
        assertThat(hosts.path("value").asText()).isEqualTo("a:1,b:2");
        assertThat(key.path("value").asText()).isEqualTo("set");
        assertThat(key.path("source").asText()).isEqualTo("JOLLAMA_API_KEY");
        assertThat(all.size()).isEqualTo(dev.jollama.core.settings.Setting.values().length);
    }

    @Test
    void ollamasOwnKeyVariableIsShownAsSetWithItsOrigin() {
        Result r = cli().env("OLLAMA_API_KEY", "x").run("config");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(row(r.out(), "apiKey")).matches("apiKey +set +\\$OLLAMA_API_KEY");
        assertThat(r.out()).doesNotContain(" x ");
    }

    @Test
    void theKeyShownIsTheKeyRequestsSend() throws Exception {
        try (var fake = dev.jollama.core.fake.FakeOllama.start()) {
            Result shown = cli().env("OLLAMA_API_KEY", "sk-from-ollama").run("config");
            Result used = cli().env("OLLAMA_API_KEY", "sk-from-ollama")
                    .host(fake.url())
                    .run("list");

            assertThat(row(shown.out(), "apiKey")).endsWith("$OLLAMA_API_KEY");
            assertThat(used.exitCode()).as(used.err()).isZero();
            assertThat(fake.requests("/api/tags").get(0).header("Authorization"))
                    .isEqualTo("Bearer sk-from-ollama");
        }
    }

    @Test
    void aDumbTerminalTurnsColoursOffAndSaysWhy() {
        Result r = cli().env("TERM", "dumb").run("config");

        assertThat(row(r.out(), "colour")).matches("colour +off +\\$TERM");
    }

    @Test
    void anInvalidSizeInTheEnvironmentNamesTheVariable() {
        Result r = cli().env("JOLLAMA_MAX_INPUT", "lots").run("run", "llama3.2", "hi");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).isEqualTo("jollama: JOLLAMA_MAX_INPUT wants a size like 64MiB, not 'lots'\n");
    }

    @Test
    void aValueRequestsCouldNotUseIsTheSameErrorInConfig() {
        Result api = cli().run("--api", "grpc", "config");
        assertThat(api.exitCode()).isEqualTo(2);
        assertThat(api.err()).isEqualTo("jollama: --api takes ollama or openai, not 'grpc'\n");

        Result size = cli().env("JOLLAMA_MAX_INPUT", "lots").run("config");
        assertThat(size.exitCode()).isEqualTo(4);
        assertThat(size.err()).isEqualTo("jollama: JOLLAMA_MAX_INPUT wants a size like 64MiB, not 'lots'\n");
    }

    @Test
    void theOneHostIsMarkedUnusedWhenAHostsListNamesTheHosts() {
        Result r = cli().env("JOLLAMA_HOSTS", "a:1,b:2").run("config");

        assertThat(row(r.out(), "host")).contains("(not used: the hosts list names the hosts)");
        assertThat(row(r.out(), "hosts")).doesNotContain("not used");
    }

    @Test
    void ollamaComIsShownAsRequestsUseIt() {
        Result r = cli().env("OLLAMA_HOST", "ollama.com").run("config");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(row(r.out(), "host")).contains("https://ollama.com:443").endsWith("$OLLAMA_HOST");
    }

    @Test
    void credentialsInTheAddressAreSentAsBasicAuthAndThePasswordIsNeverPrinted() throws Exception {
        try (var fake = dev.jollama.core.fake.FakeOllama.start()) {
            String port = fake.url().substring(fake.url().lastIndexOf(':') + 1);
            String address = "http://alice:s3cr3t-pw@127.0.0.1:" + port;

            Result list = cli().host(address).run("-v", "list");
            assertThat(list.exitCode()).as(list.err()).isZero();
            var request = fake.requests("/api/tags").get(0);
            assertThat(request.header("Authorization"))
                    .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("alice:s3cr3t-pw".getBytes()));
            assertThat(request.header("Host")).isEqualTo("127.0.0.1:" + port);
            assertThat(list.out() + list.err()).doesNotContain("s3cr3t-pw");

            Result config = cli().host(address).run("config");
            assertThat(config.out()).doesNotContain("s3cr3t-pw").doesNotContain("alice");
            Result status = cli().host(address).run("status", "-v");
            assertThat(status.out() + status.err()).doesNotContain("s3cr3t-pw");
        }
        Result bad = cli().host("http://alice:s3cr3t-pw@127.0.0.1:99999").run("list");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).doesNotContain("s3cr3t-pw").contains("alice:***@");
    }

    @Test
    void pathPrintsWhereTheFileIs() {
        Result r = cli().run("config", "path");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(home.resolve("config/jollama/config.json") + "\n");
        assertThat(r.err()).contains("not created yet");
    }

    /** An editor that runs {@code steps} in turn, one per opening, counting its openings in a file. */
    private Path editor(String... steps) throws Exception {
        Path count = home.resolve("openings");
        StringBuilder script = new StringBuilder("#!/bin/sh\nn=$(cat '" + count + "' 2>/dev/null || echo 0)\n"
                + "n=$((n+1)); echo $n > '" + count + "'\nsleep 0.01\ncase $n in\n");
        for (int i = 0; i < steps.length; i++) {
            script.append("  ").append(i + 1).append(") ").append(steps[i]).append(" ;;\n");
        }
        script.append("esac\n");
        Path editor = home.resolve("editor.sh");
        Files.writeString(editor, script);
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        return editor;
    }

    private int openings() throws Exception {
        return Integer.parseInt(Files.readString(home.resolve("openings")).strip());
    }

    @Test
    void editCreatesTheFileFromTheStarterWhenAbsent() throws Exception {
        Path editor = editor("touch \"$1\"");

        Result r = cli().terminal().env("EDITOR", editor.toString()).run("config", "edit");

        assertThat(r.exitCode()).as(r.err()).isZero();
        Path file = home.resolve("config/jollama/config.json");
        assertThat(Files.readString(file)).contains("\"timeouts\"");
        assertThat(r.err()).contains("created " + file);
    }

    @Test
    void anInvalidEditReopensTheEditorAndOnlyAValidOneReplacesTheFile() throws Exception {
        Path file = cli().writeConfig("{\"markdown\": true}\n");
        Path editor = editor("printf '{\"markdown\": \"yes\"}' > \"$1\"", "printf '{\"markdown\": false}' > \"$1\"");

        Result r = cli().terminal()
                .env("EDITOR", editor.toString())
                .stdinTerminal()
                .stdin("y\n")
                .run("config", "edit");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(openings()).isEqualTo(2);
        assertThat(r.err()).contains("wrong type for 'markdown'").contains("Edit it again?");
        assertThat(Files.readString(file)).isEqualTo("{\"markdown\": false}");
    }

    @Test
    void leavingTheEditorWithoutSavingAfterAnErrorGivesUpAndChangesNothing() throws Exception {
        Path file = cli().writeConfig("{\"markdown\": true}\n");
        Path editor = editor("printf '{\"markdown\": ' > \"$1\"", "true");

        Result r = cli().terminal().env("EDITOR", editor.toString()).run("config", "edit");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("gave up: " + file + " is unchanged");
        assertThat(Files.readString(file)).isEqualTo("{\"markdown\": true}\n");
        try (var left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("config.json");
        }
    }

    @Test
    void theReadmesExitCodesAreExitCodes() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher rows = Pattern.compile("(?m)^\\| (\\d+) \\|").matcher(readme);
        List<Integer> documented = new java.util.ArrayList<>();
        while (rows.find()) {
            documented.add(Integer.parseInt(rows.group(1)));
        }
        assertThat(documented)
                .containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(ExitCode.values())
                        .map(ExitCode::code)
                        .toList());
    }

    @Test
    void theRootHelpListsTheExitCodesFromExitCode() {
        Result r = cli().run("--help");
        for (ExitCode code : ExitCode.values()) {
            assertThat(r.out())
                    .containsPattern("(?m)^  " + code.code() + " +"
                            + Pattern.quote(code.meaning()
                                    .substring(0, Math.min(12, code.meaning().length()))));
        }
    }

    @Test
    void editWithNoTerminalIsRefusedBeforeTheEditorStarts() throws Exception {
        Path editor = editor("touch \"$1\"");

        Result r = cli().env("EDITOR", editor.toString()).run("config", "edit");

        assertThat(r.exitCode()).isEqualTo(2);
        Path file = home.resolve("config/jollama/config.json");
        assertThat(r.err())
                .isEqualTo("jollama: config edit opens an editor, and there is no terminal for it: edit " + file
                        + " itself\n");
        assertThat(home.resolve("openings")).doesNotExist();
        assertThat(file).doesNotExist();
    }

    @Test
    void leavingANewFileUnsavedCreatesNothing() throws Exception {
        Result r = cli().terminal().env("EDITOR", editor("true").toString()).run("config", "edit");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("no config was created");
        assertThat(home.resolve("config/jollama/config.json")).doesNotExist();
    }

    @Test
    void anEditorThatSavesTheSameMistakeAgainEndsTheLoop() throws Exception {
        Path file = cli().writeConfig("{\"markdown\": true}\n");
        Path editor = editor(
                "printf '{\"markdown\": \"yes\"}' > \"$1\"", "printf '{\"markdown\": \"yes\"}' > \"$1\"", "exit 1");

        Result r = cli().terminal()
                .env("EDITOR", editor.toString())
                .stdinTerminal()
                .stdin("y\ny\ny\n")
                .run("config", "edit");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(openings()).isEqualTo(2);
        assertThat(Files.readString(file)).isEqualTo("{\"markdown\": true}\n");
    }

    @Test
    void aKeyGivenTwiceIsAConfigErrorWithItsLine() throws Exception {
        cli().writeConfig("{\n  \"markdown\": false,\n  \"markdown\": true\n}\n");

        Result r = cli().run("config");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains(":3:").contains("markdown");
    }

    @Test
    void hostsSetBesideOllamaHostAreShownAsNotUsed() {
        Result r = cli().env("OLLAMA_HOST", "10.0.0.5")
                .env("JOLLAMA_HOSTS", "a:1,b:2")
                .run("config");

        assertThat(row(r.out(), "hosts")).contains("a:1,b:2 (not used: OLLAMA_HOST names one host)");
    }
}
