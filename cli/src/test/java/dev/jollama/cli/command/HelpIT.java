package dev.jollama.cli.command;

import static dev.jollama.cli.CommandResultAssert.assertThat;

import dev.jollama.cli.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help and version, the first things a new user types: no daemon, no config needed. */
class HelpIT {

    @TempDir
    Path home;

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        var r = new CliRunner(home).run("--help");
        assertThat(r).succeeded();
        Assertions.assertThat(r.out())
                .contains("chat", "run", "status", "list, ls", "ps", "show", "pull", "rm", "stop", "profiles")
                .contains("hw, hardware")
                .contains("Exit codes:")
                .contains("69    the daemon is not reachable");
    }

    @Test
    void helpOfOneCommandWorksEitherWay() {
        var r = new CliRunner(home).run("help", "run");
        assertThat(r).succeeded();
        Assertions.assertThat(r.out()).contains("Usage: jollama run").contains("--keep-alive=DURATION");
        Assertions.assertThat(new CliRunner(home).run("run", "--help").out()).isEqualTo(r.out());
    }

    @Test
    void noCommandWithoutATerminalIsAUsageErrorNotAHang() {
        var r = new CliRunner(home).run();
        assertThat(r).exitedWith(2).outEquals("");
        Assertions.assertThat(r.err()).contains("Usage: jollama");
    }

    @Test
    void helpSaysWhereTheDocsAreThatItPointsTo() {
        // From the build the repository's docs/; installed (the JVM launcher, or the native image
        // against which -Djollama.launcher runs this), $PREFIX/share/doc/jollama.
        String docs = CliRunner.launcher()
                .map(binary -> Path.of(binary).toAbsolutePath().getParent().resolveSibling("share/doc/jollama"))
                .filter(Files::isDirectory)
                .map(Path::toString)
                .orElse("docs");
        // Without white space: a longer folder moves where --help wraps its lines.
        var root = new CliRunner(home).run("--help");
        Assertions.assertThat(squeezed(root.out()))
                .contains(squeezed("Documentation: " + docs + " (configuration, chat, tools, json, security, …)"))
                .contains("(" + docs + "/tools.md)");
        Assertions.assertThat(squeezed(new CliRunner(home).run("list", "--help").out()))
                .contains(docs + "/json.md");
        Assertions.assertThat(Path.of(docs.equals("docs") ? "../docs" : docs, "json.md"))
                .exists();
    }

    private static String squeezed(String text) {
        return text.replaceAll("\\s+", "");
    }

    @Test
    void anUnknownCommandSuggestsTheNearest() {
        var r = new CliRunner(home).run("lsit");
        assertThat(r)
                .exitedWith(2)
                .errEquals("jollama: unknown command 'lsit' (did you mean 'ls'?); see 'jollama --help'\n");
    }

    @Test
    void aUsageErrorIsOneLineInOurWordsWithWhereTheUsageIs() {
        assertThat(new CliRunner(home).run("sessions", "show", "my", "chat"))
                .exitedWith(2)
                .errEquals("jollama: one argument too many: 'chat'; show takes NAME (quote a value that has spaces);"
                        + " see 'jollama sessions show --help'\n");
        assertThat(new CliRunner(home).run("list", "extra"))
                .exitedWith(2)
                .errEquals("jollama: one argument too many: 'extra'; list takes none; see 'jollama list --help'\n");
        assertThat(new CliRunner(home).run("batch", "-j", "many", "llama3.2", "in.jsonl"))
                .exitedWith(2)
                .errEquals("jollama: invalid value for option '--jobs': 'many' is not a whole number; see 'jollama"
                        + " batch --help'\n");
        assertThat(new CliRunner(home).run("completion", "tcsh"))
                .exitedWith(2)
                .errEquals("jollama: invalid value for SHELL: 'tcsh' is not one of bash, zsh, fish; see 'jollama"
                        + " completion --help'\n");
    }
}
