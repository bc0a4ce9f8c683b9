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
    void anAnswerWithoutASpaceIsPrintedAsItComesNotHeldWhole() {
        WrappingPrinter p = printer(0, false); // the width unknown: no line to wrap at
        for (int i = 0; i < 100; i++) {
            p.onContent("x".repeat(1000));
        }
        assertThat(out.toString().length()).as("printed before the end").isGreaterThan(95_000);
        p.finish();
        assertThat(out.toString()).isEqualTo("x".repeat(100_000) + "\n");
    }

    @Test
    void aWordLongerThanTheLineStartsOnItsOwnLineAndBreaksThere() {
        WrappingPrinter p = printer(20, false);
        p.onContent("short " + "y".repeat(50) + " end");
        p.finish();
        assertThat(out.toString().replace("\n", "")).isEqualTo("short " + "y".repeat(50) + " end");
        assertThat(out.toString()).startsWith("short \n");
    }

    @Test
    void afterAResizeTheAnswerWrapsAtTheNewWidthFromItsNextLine() {
        int[] columns = {40};
        WrappingPrinter p = new WrappingPrinter(new PrintWriter(out), () -> columns[0], false, true, true);
        p.onContent("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj ");
        columns[0] = 20; // the window shrinks mid-answer (SIGWINCH)
        p.onContent("kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt uuuu vvvv wwww xxxx");
        p.finish();
        String[] lines = out.toString().split("\n");
        assertThat(lines[0].strip()).isEqualTo("aaaa bbbb cccc dddd eeee ffff gggg hhhh");
        // The line under way when the size changed keeps its width; every later one has the new.
        assertThat(lines[1].strip().length()).isLessThanOrEqualTo(40);
        assertThat(lines.length).isGreaterThan(3);
        for (int i = 2; i < lines.length; i++) {
            assertThat(lines[i].strip().length()).as(lines[i]).isLessThanOrEqualTo(20);
        }
        assertThat(out.toString().replace("\n", " ").replaceAll(" +", " ").strip())
                .isEqualTo("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq"
                        + " rrrr ssss tttt uuuu vvvv wwww xxxx");
    }

    @Test
    void aPauseShowsTheLastWordSoAStalledStreamHidesNothing() {
        WrappingPrinter p = printer(80, false);
        p.onContent("echo: hel");
        p.onPause(); // the daemon goes quiet here
        assertThat(out.toString()).isEqualTo("echo: hel");
        p.onContent("lo world");
        p.finish();
        assertThat(out.toString()).isEqualTo("echo: hello world\n");
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
