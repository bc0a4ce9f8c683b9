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
        assertThat(raw.toString().split("\\*\\*z\\*\\* ", -1)).hasSize(201);
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
}
