package dev.jollama.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalStreamsTest {

    @Test
    void terminalsAreTheTtyDevicesNotPipesOrFiles() {
        assertThat(TerminalStreams.isTerminal("/dev/pts/3")).isTrue();
        assertThat(TerminalStreams.isTerminal("/dev/tty1")).isTrue();
        assertThat(TerminalStreams.isTerminal("pipe:[12345]")).isFalse();
        assertThat(TerminalStreams.isTerminal("/dev/null")).isFalse();
        assertThat(TerminalStreams.isTerminal("/tmp/out.txt")).isFalse();
    }

    @Test
    void underMavenNoStreamIsATerminal() {
        // surefire forks the test JVM with pipes for all three: a probe must say so, per stream
        assertThat(TerminalStreams.probe()).isEqualTo("");
    }
}
