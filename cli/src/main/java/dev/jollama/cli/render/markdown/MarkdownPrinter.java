package dev.jollama.cli.render.markdown;

import dev.jollama.cli.render.TerminalText;
import dev.jollama.core.daemon.StreamListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a streamed markdown answer on a terminal as it arrives. Text shows as soon as it comes, as
 * written; when its line ends, the line is settled: it is redrawn in place, rendered (a heading,
 * emphasis, a list item, a line of highlighted code). Code lines get a frame and no fence markers; a
 * table is shown as written while its rows come and redrawn aligned when it ends. Nothing is ever lost
 * or shown twice: a redraw erases exactly the rows the raw text took.
 */
public final class MarkdownPrinter implements StreamListener {

    /** Where the rendered text goes: the terminal, with jollama's own escape sequences kept. */
    public interface Sink {
        void write(String trusted);

        void flush();

        static Sink of(java.util.function.Consumer<String> write, Runnable flush) {
            return new Sink() {
                @Override
                public void write(String trusted) {
                    write.accept(trusted);
                }

                @Override
                public void flush() {
                    flush.run();
                }
            };
        }
    }

    // A fence may carry an info string after the language (```python title="x.py") and, in a list
    // item, any indentation.
    private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})\\s*([^`\\s]*)[^`]*$");
    private static final Pattern LIST_ITEM = Pattern.compile("^\\s*([-*+]|\\d{1,9}[.)])\\s.*");

    private final Sink out;
    private final IntSupplier width;
    private final boolean neutralise;
    private final MarkdownLine lines;
    private final CodeHighlighter code;
    private final Style style;
    private final Sink thinking;

    /**
     * A line longer than this is shown as written and not rendered at its end: redrawing it would need
     * it held whole, and an answer without a newline would be held whole.
     */
    private static final int MAX_LINE = 64 * 1024;

    private final StringBuilder line = new StringBuilder(); // the line being received, harmless
    private boolean overlong; // the current line outgrew MAX_LINE: shown as written, not held
    private int shownColumns; // columns of it on screen, as written
    private String fence; // the open fence's marker, or null
    private String language;
    private final List<String> table = new ArrayList<>();
    private int tableRows; // screen rows the table's raw lines take
    private boolean inThinking;
    private boolean afterListItem;
    private boolean printedAnswer;

    /**
     * @param neutralise show control characters from the model harmlessly (false only with --raw)
     * @param thinking where thinking text goes, dimmed and never rendered; null hides it
     */
    public MarkdownPrinter(Sink out, IntSupplier width, boolean colour, boolean neutralise, Sink thinking) {
        this.out = out;
        this.width = width;
        this.neutralise = neutralise;
        this.style = new Style(colour);
        this.lines = new MarkdownLine(style);
        this.code = new CodeHighlighter(style);
        this.thinking = thinking;
    }

    @Override
    public void onThinking(String text) {
        if (thinking == null) {
            return;
        }
        inThinking = true;
        thinking.write(style.colour() ? "\u001b[2m" + harmless(text) + "\u001b[0m" : harmless(text));
    }

    @Override
    public void onContent(String text) {
        if (inThinking) {
            thinking.write("\n");
            thinking.flush();
            inThinking = false;
        }
        String t = harmless(text);
        if (!printedAnswer) {
            t = t.stripLeading();
            if (t.isEmpty()) {
                return;
            }
            printedAnswer = true;
        }
        int start = 0;
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) == '\n') {
                show(t.substring(start, i));
                settle();
                start = i + 1;
            }
        }
        show(t.substring(start));
    }

    @Override
    public void onPause() {
        out.flush();
    }

    /** Ends the answer: settles the last line, closes an open code frame or table. */
    public void finish() {
        if (!line.isEmpty() || overlong) {
            settle();
        }
        if (!table.isEmpty()) {
            erase(tableRows); // the rows shown as written, above the cursor
            tableRows = 0;
            flushTable();
        }
        if (fence != null) {
            out.write(style.frame("└─") + "\n");
            fence = null;
        }
        out.flush();
    }

    private String harmless(String text) {
        return neutralise ? TerminalText.neutralise(text) : text;
    }

    /** Shows text of the current line as written, right away. */
    private void show(String part) {
        if (part.isEmpty()) {
            return;
        }
        out.write(part);
        if (overlong) {
            return;
        }
        line.append(part);
        shownColumns += AnsiText.width(part);
        if (line.length() > MAX_LINE) {
            overlong = true;
            line.setLength(0);
        }
    }

    /** The current line has ended: replace it, as written, with its rendering. */
    private void settle() {
        if (overlong) {
            overlong = false;
            shownColumns = 0;
            out.write("\n");
            return;
        }
        String raw = line.toString();
        line.setLength(0);
        int columns = terminalWidth();
        int rawRows = rows(shownColumns, columns);
        shownColumns = 0;

        if (fence == null && isTableRow(raw)) {
            table.add(raw);
            tableRows += rawRows;
            out.write("\n");
            return;
        }
        if (!table.isEmpty()) {
            // The table ended: erase its rows and this line's, draw the table, then this line.
            erase(tableRows + rawRows - 1);
            tableRows = 0;
            flushTable();
            out.write(raw);
            rawRows = rows(AnsiText.width(raw), columns);
        }
        List<String> rendered = render(raw, columns);
        if (rendered.size() == 1 && rendered.get(0).equals(raw)) {
            out.write("\n"); // nothing to redraw: markdown-free text stays as it is
            return;
        }
        erase(rawRows - 1);
        for (String r : rendered) {
            out.write(r);
            out.write("\n");
        }
    }

    private List<String> render(String raw, int columns) {
        Matcher m = FENCE.matcher(raw);
        if (fence == null && m.matches()) {
            fence = m.group(1);
            language = CodeHighlighter.canonical(m.group(2));
            String label = m.group(2).isEmpty() ? "" : " " + m.group(2);
            return List.of(style.frame("┌─" + label));
        }
        if (fence != null) {
            String trimmed = raw.strip();
            if (trimmed.startsWith(fence.substring(0, 3))
                    && trimmed.chars().allMatch(c -> c == fence.charAt(0))
                    && trimmed.length() >= fence.length()) {
                fence = null;
                return List.of(style.frame("└─"));
            }
            return List.of(style.frame("│ ") + code.line(raw, language));
        }
        if (raw.isBlank()) {
            afterListItem = false;
            return List.of(raw);
        }
        if ((raw.startsWith("\t") || raw.startsWith("    "))
                && !LIST_ITEM.matcher(raw).matches()
                && !afterListItem) {
            // An indented code block: shown as written, never read as markdown.
            return List.of(code.line(raw, ""));
        }
        afterListItem = LIST_ITEM.matcher(raw).matches();
        return lines.render(raw, columns);
    }

    private void flushTable() {
        for (String row : lines.table(table, terminalWidth())) {
            out.write(row);
            out.write("\n");
        }
        table.clear();
    }

    private static boolean isTableRow(String raw) {
        String t = raw.strip();
        return t.startsWith("|") && t.length() > 1;
    }

    /** Moves to the start of the row {@code up} rows above and clears from there down. */
    private void erase(int up) {
        StringBuilder s = new StringBuilder("\r");
        if (up > 0) {
            s.append("\u001b[").append(up).append('A');
        }
        s.append("\u001b[J");
        out.write(s.toString());
    }

    private int terminalWidth() {
        int w = width.getAsInt();
        return w > 10 ? w : 80;
    }

    /** Rows a text of {@code columns} takes on a terminal {@code width} wide (at least one). */
    private static int rows(int columns, int width) {
        return Math.max(1, (columns + width - 1) / width);
    }
}
