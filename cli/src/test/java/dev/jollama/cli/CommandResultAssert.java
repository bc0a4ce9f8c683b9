package dev.jollama.cli;

import dev.jollama.cli.CliRunner.Result;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;

/** Assertions on a command's exit code and streams: {@code assertThat(r).succeeded().outEquals("…")}. */
public final class CommandResultAssert extends AbstractAssert<CommandResultAssert, Result> {

    private CommandResultAssert(Result actual) {
        super(actual, CommandResultAssert.class);
    }

    public static CommandResultAssert assertThat(Result actual) {
        return new CommandResultAssert(actual);
    }

    /** Exit 0 and nothing on stderr: a successful command says nothing there. */
    public CommandResultAssert succeeded() {
        exitedWith(0);
        return errEquals("");
    }

    public CommandResultAssert exitedWith(int code) {
        isNotNull();
        if (actual.exitCode() != code) {
            failWithMessage(
                    "expected exit code %d but was %d%nstdout: %s%nstderr: %s",
                    code, actual.exitCode(), actual.out(), actual.err());
        }
        return this;
    }

    public CommandResultAssert outEquals(String expected) {
        Assertions.assertThat(actual.out()).as("stdout").isEqualTo(expected);
        return this;
    }

    public CommandResultAssert errEquals(String expected) {
        Assertions.assertThat(actual.err()).as("stderr").isEqualTo(expected);
        return this;
    }

    public CommandResultAssert errContains(String... parts) {
        Assertions.assertThat(actual.err()).as("stderr").contains(parts);
        return this;
    }
}
