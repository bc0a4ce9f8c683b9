package dev.jollama.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jollama.cli.CliRunner;
import dev.jollama.cli.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesCommandIT {

    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner(home);
    }

    @Test
    void listsBuiltInProfilesWithNoConfigFile() {
        Result r = cli().run("profiles");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines().toList()).hasSize(3);
        assertThat(r.out())
                .contains("phi3-mini   phi3:3.8b-mini-4k-instruct-q4_K_M   built-in, default")
                .contains("llama3-8b   llama3:8b-instruct-q4_K_M           built-in ");
    }

    @Test
    void userProfilesAreListedAsUser() throws Exception {
        cli().writeConfig("{\"defaultProfile\": \"coder\", \"profiles\": {\"coder\": {\"model\": \"qwen2.5-coder\"}}}");
        Result r = cli().run("profiles");
        assertThat(r.out()).contains("coder       qwen2.5-coder                       user, default");
    }

    @Test
    void showResolvesEverySetting() {
        Result r = cli().run("profiles", "show", "llama3-8b");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("model        llama3:8b-instruct-q4_K_M")
                .contains("source       built-in")
                .contains("keep alive   10m")
                .contains("needs        8.0B parameters; 4.9 GB disk; 6.5 GB RAM on CPU or 6.5 GB VRAM on GPU");
    }

    @Test
    void showJsonParses() throws Exception {
        JsonNode p = new ObjectMapper()
                .readTree(cli().run("profiles", "show", "phi3-mini", "--json").out());
        assertThat(p.path("model").asText()).isEqualTo("phi3:3.8b-mini-4k-instruct-q4_K_M");
        assertThat(p.path("requirements").path("disk_gb").asDouble()).isEqualTo(2.4);
    }

    @Test
    void showOfAnUnknownProfileSuggestsTheNearest() {
        Result r = cli().run("profiles", "show", "llama3-8");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("jollama: no profile 'llama3-8' (did you mean 'llama3-8b'?): see `jollama profiles`\n");
    }

    @Test
    void initWritesACommentedConfigAndRefusesToOverwrite() throws Exception {
        Result first = cli().run("profiles", "init");
        Path file = home.resolve("config/jollama/config.json");
        assertThat(first.exitCode()).isZero();
        assertThat(first.err()).isEqualTo("wrote " + file + "\n");
        assertThat(Files.readString(file)).startsWith("// jollama configuration");
        assertThat(cli().run("profiles").out()).contains("reviewer");

        Result again = cli().run("profiles", "init");
        assertThat(again.exitCode()).isZero();
        assertThat(again.err())
                .isEqualTo("jollama: config " + file + " already exists: left as it is (`jollama profiles init"
                        + " --force` replaces it with the starter, keeping it as config.json.bak)\n");
        // The starter replaced by itself: nothing to keep.
        Result same = cli().run("profiles", "init", "--force");
        assertThat(same.exitCode()).isZero();
        assertThat(same.err()).isEqualTo("wrote " + file + "\n");
        assertThat(file.resolveSibling("config.json.bak")).doesNotExist();
    }

    @Test
    void initForceKeepsACustomConfigAsBak() throws Exception {
        Path file = cli().writeConfig("{\"markdown\": false}");
        Result r = cli().run("profiles", "init", "--force");
        assertThat(r.exitCode()).isZero();
        Path backup = file.resolveSibling("config.json.bak");
        assertThat(r.err()).isEqualTo("wrote " + file + " (the old one is " + backup + ")\n");
        assertThat(Files.readString(backup)).isEqualTo("{\"markdown\": false}");
        assertThat(Files.readString(file)).startsWith("// jollama configuration");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
                .isEqualTo("rw-------");
    }

    @Test
    void initWritesAConfigOnlyTheUserCanReadInAFolderOnlyTheUserCanOpen() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault()
                .supportedFileAttributeViews()
                .contains("posix"));
        assertThat(cli().run("profiles", "init").exitCode()).isZero();
        Path file = home.resolve("config/jollama/config.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void configFlagAndEnvironmentChooseTheFile() throws Exception {
        Path custom = Files.writeString(home.resolve("custom.json"), "{\"profiles\": {\"a\": {\"model\": \"m1\"}}}");
        assertThat(cli().run("profiles", "--config", custom.toString()).out()).contains("a           m1");
        assertThat(cli().env("JOLLAMA_CONFIG", custom.toString())
                        .run("profiles")
                        .out())
                .contains("m1");
        Result missing =
                cli().run("profiles", "--config", home.resolve("nope.json").toString());
        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(missing.err()).contains("does not exist");
    }

    @Test
    void aBrokenFileIsReportedWithExit4AndLeftAlone() throws Exception {
        Path file = cli().writeConfig("{ \"defaultProfile\": \"nope\" }");
        Result r = cli().run("profiles");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err())
                .startsWith("jollama: config " + file + ":1:21: 'defaultProfile': unknown default profile 'nope'");
        assertThat(Files.readString(file)).isEqualTo("{ \"defaultProfile\": \"nope\" }");
    }
}
