package dev.jollama.cli.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class WrappingPrinterTest {

    private final StringWriter out = new StringWriter();

    private WrappingPrinter printer(int width, boolean colour) {
        return new WrappingPrinter(new PrintWriter(out), width, colour, true, true);
    }

    @Test
    void wrapsAtTheWidthWithoutBreakingWordsEvenWhenChunksSplitThem() {
        WrappingPrinter p = printer(20, false);
        for (String chunk : new String[] {"The qu", "ick brown fox jum", "ps over the la", "zy dog again"}) {
            p.onContent(chunk);
        }
        p.finish();
        for (String line : out.toString().split("\n")) {
            assertThat(line.strip().length()).isLessThanOrEqualTo(20);
        }
        assertThat(out.toString().replace("\n", " ").replaceAll(" +", " ").strip())
                .isEqualTo("The quick brown fox jumps over the lazy dog again");
        assertThat(out.toString()).contains("jumps").contains("lazy");
    }

    @Test
    void keepsTheModelsOwnNewlines() {
        WrappingPrinter p = printer(80, false);
        p.onContent("one\ntwo");
        p.finish();
        assertThat(out.toString()).isEqualTo("one\ntwo\n");
    }

    @Test
    void thinkingIsDimmedAndSetApartFromTheAnswer() {
        WrappingPrinter p = printer(80, true);
        p.onThinking("let me think");
        p.onContent("Answer.");
        p.finish();
        assertThat(out.toString()).isEqualTo("\u001b[2mlet me think\u001b[0m\n\nAnswer.\n");
    }

    @Test
    void withoutColourThinkingIsLabelled() {
        WrappingPrinter p = printer(80, false);
        p.onThinking("hmm");
        p.onContent("Yes.");
        p.finish();
        assertThat(out.toString()).isEqualTo("Thinking: hmm\n\nYes.\n");
    }
}
