package dev.jollama.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ConsoleTest {

    private static final String HOSTILE = "a\u001b]0;t\u0007b\u202ec";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Console console(boolean terminal, boolean raw) {
        return new Console(new PrintWriter(out), new PrintWriter(err), terminal, terminal, terminal, raw);
    }

    @Test
    void onATerminalStdoutAndInfoLinesShowControlCharactersHarmlessly() {
        Console c = console(true, false);
        c.print(HOSTILE);
        c.info(HOSTILE);
        assertThat(out).hasToString("a^[]0;t^Gb\\u202ec");
        assertThat(err).hasToString("a^[]0;t^Gb\\u202ec" + System.lineSeparator());
    }

    @Test
    void throughAPipeOrWithRawTheyPassUnchanged() {
        console(false, false).print(HOSTILE);
        assertThat(out).hasToString(HOSTILE);
        out.getBuffer().setLength(0);
        Console raw = console(true, true);
        raw.print(HOSTILE);
        raw.info(HOSTILE);
        assertThat(out).hasToString(HOSTILE);
        assertThat(err).hasToString(HOSTILE + System.lineSeparator());
    }

    @Test
    void jollamasOwnSequencesOnStderrAreNeverFiltered() {
        Console c = console(true, false);
        c.errPrint("\rpulling  50%\u001b[K");
        c.errPrint(c.dim(c.forErr("thought\u001b[2J")));
        assertThat(err).hasToString("\rpulling  50%\u001b[K\u001b[2mthought^[[2J\u001b[0m");
    }

    @Test
    void thinkingOnATerminalIsShownHarmlesslyAndTheAnswerToo() {
        Console c = console(true, false);
        AnswerPrinter printer = new AnswerPrinter(c, true);
        printer.onThinking("plan\u001b]52;c;eA==\u0007");
        printer.onContent("done\u001b[1A");
        printer.finish();
        assertThat(err.toString()).contains("plan^[]52;c;eA==^G").doesNotContain("\u0007");
        assertThat(out).hasToString("done^[[1A\n");
    }
}
