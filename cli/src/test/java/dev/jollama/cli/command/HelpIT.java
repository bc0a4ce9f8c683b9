package dev.jollama.cli.command;

import static dev.jollama.cli.CommandResultAssert.assertThat;

import dev.jollama.cli.CliRunner;
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
    void anUnknownCommandSuggestsTheNearest() {
        var r = new CliRunner(home).run("lsit");
        assertThat(r).exitedWith(2).errContains("Unmatched argument", "lsit", "did you mean 'ls'?");
    }
}
