package dev.jollama.cli.render.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jline.builtins.ScreenTerminal;
import org.junit.jupiter.api.Test;

/** What a rendered answer looks like on a terminal, drawn into JLine's screen emulator. */
class MarkdownPrinterTest {

    private static final String DOC = String.join(
            "\n",
            "# Title here",
            "",
            "Some **bold** and *italic* text with `code` and a [link](https://example.com).",
            "",
            "- first item",
            "  - nested item",
            "1. numbered",
            "",
            "> a quote",
            "",
            "```java",
            "public class Main { // entry",
            "    int x = 42;",
            "}",
            "```",
            "",
            "| Name | Size |",
            "|------|-----:|",
            "| alpha | 1 |",
            "| beta gamma | 22 |",
            "",
            "---",
            "The end.",
            "");

    private static String screen(List<String> chunks, boolean colour, int width) {
        ScreenTerminal term = new ScreenTerminal(width, 60);
        StringBuilder raw = new StringBuilder();
        MarkdownPrinter printer =
                new MarkdownPrinter(MarkdownPrinter.Sink.of(raw::append, () -> {}), () -> width, colour, true, null);
        for (String c : chunks) {
            printer.onContent(c);
        }
        printer.finish();
        // The emulator wants CRLF; the terminal's own output processing turns LF into it.
        term.write(raw.toString().replace("\n", "\r\n"));
        return term.toString().stripTrailing();
    }

    @Test
    void rendersHeadingsEmphasisListsQuotesCodeAndTablesWithoutMarkers() {
        String shown = screen(List.of(DOC), false, 80);
        assertThat(shown).contains("Title here").doesNotContain("# Title");
        assertThat(shown).contains("Some bold and italic text with `code` and a link (https://example.com).");
        assertThat(shown).contains("• first item").contains("  • nested item").contains("1. numbered");
        assertThat(shown).contains("│ a quote");
        assertThat(shown)
                .contains("┌─ java")
                .contains("│ public class Main { // entry")
                .contains("│     int x = 42;");
        assertThat(shown).doesNotContain("```");
        assertThat(shown).contains("│ Name       │ Size │").contains("│ beta gamma │ 22   │");
        assertThat(shown).doesNotContain("|------|");
        assertThat(shown).contains("The end.");
    }

    @Test
    void aLineLongerThanCanBeRedrawnIsShownOnceAsWrittenAndTheNextLinesRenderAgain() {
        StringBuilder raw = new StringBuilder();
        MarkdownPrinter printer =
                new MarkdownPrinter(MarkdownPrinter.Sink.of(raw::append, () -> {}), () -> 80, false, true, null);
        for (int i = 0; i < 200; i++) {
            printer.onContent("**z** " + "z".repeat(994)); // 200 KB without a newline
        }
        printer.onContent("\n# Title\n");
        printer.finish();

        // Written as it came, once: never held for a redraw, so never drawn a second time.
        // (Wrapped at words on the way: a row's end takes a newline for the space, nothing is lost.)
        assertThat(raw.toString().replace("\n", "").replace(" ", "").split("\\*\\*z\\*\\*", -1))
                .hasSize(201);
        // The next line is rendered as usual.
        java.util.List<String> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            chunks.add("**z** " + "z".repeat(994));
        }
        chunks.add("\n# Title\n");
        assertThat(screen(chunks, false, 80)).endsWith("Title").doesNotContain("# Title");
    }

    @Test
    void everySplitOfTheStreamEndsOnTheSameScreenAsTheWholeAnswer() {
        String whole = screen(List.of(DOC), true, 60);
        for (int at = 1; at < DOC.length(); at++) {
            String split = screen(List.of(DOC.substring(0, at), DOC.substring(at)), true, 60);
            assertThat(split).as("split at %d", at).isEqualTo(whole);
        }
    }

    @Test
    void aNarrowTerminalWrapsParagraphsAndTableCells() {
        String shown = screen(List.of(DOC), false, 30);
        for (String line : shown.lines().toList()) {
            assertThat(line.stripTrailing().length()).as(line).isLessThanOrEqualTo(30);
        }
        assertThat(shown).contains("beta").contains("gamma");
    }

    @Test
    void withColoursCodeIsHighlightedAndWithoutItHasNoColourCodes() {
        StringBuilder raw = new StringBuilder();
        MarkdownPrinter.Sink sink = MarkdownPrinter.Sink.of(raw::append, () -> {});
        MarkdownPrinter coloured = new MarkdownPrinter(sink, () -> 80, true, true, null);
        coloured.onContent("```python\ndef f(): return \"x\" # note\n```\n");
        coloured.finish();
        assertThat(raw.toString()).contains("\u001b[35mdef\u001b[39m").contains("\u001b[32m\"x\"\u001b[39m");

        raw.setLength(0);
        MarkdownPrinter plain = new MarkdownPrinter(sink, () -> 80, false, true, null);
        plain.onContent("**bold** and `code`\n");
        plain.finish();
        assertThat(raw.toString().replaceAll("\u001b\\[[0-9;]*[AJ]", ""))
                .doesNotContainPattern("\u001b\\[[0-9;]*3[0-9]m"); // no colour, only bold/italic/underline
    }

    @Test
    void theModelsControlCharactersAreShownNotActedOn() {
        StringBuilder raw = new StringBuilder();
        MarkdownPrinter printer =
                new MarkdownPrinter(MarkdownPrinter.Sink.of(raw::append, () -> {}), () -> 80, true, true, null);
        printer.onContent("**x** \u001b]0;pwned\u0007 \u001b[2J\n");
        printer.finish();
        assertThat(raw.toString()).contains("^[]0;pwned^G").doesNotContain("\u001b]", "\u0007", "\u001b[2J");
    }

    @Test
    void aFenceWithAnInfoStringOrIndentedInAListIsCodeAndIndentedCodeIsNotMarkdown() {
        String doc = "```python title=\"x.py\"\n# a comment\n```\n1. Install:\n    ```sh\n    # deps\n    ```\n"
                + "\n    # indented code\nafter\n";
        String shown = screen(List.of(doc), false, 80);
        assertThat(shown).contains("│ # a comment").contains("# deps").contains("    # indented code");
        assertThat(shown).doesNotContain("```").contains("after");
    }

    @Test
    void tabsAndWideTablesStayWithinTheWidthAndNothingIsLeftTwice() {
        String doc = "\tif err := run(); err != nil { log.Fatalf(\"failed to run the thing: %v\", err) }\n"
                + "| Column one header | Column two header | Column three is wider | Notes |\n"
                + "|---|---|---|---|\n"
                + "| a | https://example.com/a/very/long/path/that/does/not/break | c | d |\n\nend\n";
        String whole = screen(List.of(doc), false, 50);
        for (String line : whole.lines().toList()) {
            assertThat(line.stripTrailing().length()).as(line).isLessThanOrEqualTo(50);
        }
        assertThat(whole.lines().filter(l -> l.contains("log.Fatalf")).count()).isEqualTo(1);
        for (int at = 1; at < doc.length(); at += 7) {
            assertThat(screen(List.of(doc.substring(0, at), doc.substring(at)), false, 50))
                    .isEqualTo(whole);
        }
    }

    @Test
    void anInnerStyleEndsOnlyItselfSoTheOuterOneCarriesOn() {
        Style style = new Style(true);
        String heading = style.heading(3, "Heading with " + style.bold("bold") + " and more");
        assertThat(heading).contains("\u001b[1m" + "bold" + "\u001b[22m");
        assertThat(heading).doesNotContain("\u001b[0m");
    }

    @Test
    void aCodeLineWiderThanTheWindowWrapsInsideTheFrame() {
        String longLine = "result = compute(alpha, beta, gamma, delta, epsilon, zeta, eta, theta) # why";
        String doc = "```python\n" + longLine + "\nshort()\n```\n";
        for (boolean colour : List.of(true, false)) {
            String shown = screen(List.of(doc), colour, 30);
            List<String> rows = shown.lines().toList();
            int top = rows.indexOf(
                    rows.stream().filter(r -> r.startsWith("┌─")).findFirst().orElseThrow());
            int bottom = rows.indexOf(
                    rows.stream().filter(r -> r.startsWith("└─")).findFirst().orElseThrow());
            assertThat(bottom - top - 1).as("rows inside the frame").isEqualTo(4); // 3 of the long line, 1 short
            for (String row : rows.subList(top + 1, bottom)) {
                assertThat(row).as("colour %s", colour).startsWith("│ ");
                assertThat(row.stripTrailing().length()).isLessThanOrEqualTo(30);
            }
            String inside = rows.subList(top + 1, bottom).stream()
                    .map(r -> r.substring(2).stripTrailing())
                    .reduce("", String::concat);
            assertThat(inside.replace(" ", "")).isEqualTo((longLine + "short()").replace(" ", ""));
        }
    }

    @Test
    void aCutCodeRowEndsItsColourAndTheNextRowStartsItAgain() {
        StringBuilder raw = new StringBuilder();
        MarkdownPrinter printer =
                new MarkdownPrinter(MarkdownPrinter.Sink.of(raw::append, () -> {}), () -> 20, true, true, null);
        printer.onContent("```python\n# a comment that is longer than the row\n```\n");
        printer.finish();
        // What was drawn after each erase: the settled rows.
        String gutter = "\u001b[2m│ \u001b[22m";
        List<String> rows = List.of(raw.toString().split("\r(\u001b\\[\\d+A)?\u001b\\[J|\n")).stream()
                .filter(r -> r.startsWith(gutter) && r.contains("\u001b[90m"))
                .toList();
        // 18 columns a row, each of them grey on its own: the gutter between them is not.
        assertThat(rows)
                .containsExactly(
                        gutter + "\u001b[90m# a comment that i\u001b[0m",
                        gutter + "\u001b[90ms longer than the \u001b[0m",
                        gutter + "\u001b[90mrow\u001b[39m");
    }

    @Test
    void strikethroughIsStruckAndItsTildesAreGone() {
        for (boolean colour : List.of(true, false)) {
            StringBuilder raw = new StringBuilder();
            MarkdownPrinter printer =
                    new MarkdownPrinter(MarkdownPrinter.Sink.of(raw::append, () -> {}), () -> 80, colour, true, null);
            printer.onContent("it was ~~wrong~~ right, ~5 minutes, ~~~x~~~\n");
            printer.finish();
            assertThat(raw.toString()).contains("it was \u001b[9mwrong\u001b[29m right, ~5 minutes, ~~~x~~~");
        }
        assertThat(screen(List.of("~~gone~~ **and** ~~this~~\n"), false, 80)).isEqualTo("gone and this");
    }

    @Test
    void aStreamingLineWrapsAtWordsAtTheWidthOfEachNewRow() {
        int[] width = {40};
        StringBuilder raw = new StringBuilder();
        MarkdownPrinter printer =
                new MarkdownPrinter(MarkdownPrinter.Sink.of(raw::append, () -> {}), () -> width[0], false, true, null);
        for (int i = 0; i < 12; i++) {
            printer.onContent(" word" + i);
        }
        int before = raw.length();
        width[0] = 20; // the window is made narrower mid-line
        for (int i = 12; i < 30; i++) {
            printer.onContent(" word" + i);
        }
        String shownAfter = raw.substring(before);
        List<String> rows = List.of(shownAfter.split("\n", -1));
        assertThat(rows.size()).as("rows after the resize").isGreaterThan(4);
        for (String row : rows.subList(1, rows.size())) {
            assertThat(row.length()).as(row).isLessThanOrEqualTo(20);
            assertThat(row.strip()).matches("(word\\d+ ?)*"); // no word cut by the terminal
        }
        printer.finish();
        // Settled, the whole line is drawn again at the new width, after erasing every row it took.
        String settled = raw.substring(raw.lastIndexOf("\u001b[J") + 3);
        for (String row : settled.split("\n")) {
            assertThat(row.length()).as(row).isLessThanOrEqualTo(20);
        }
        assertThat(settled).startsWith("word0 word1 word2").endsWith("word29\n");
    }
}
