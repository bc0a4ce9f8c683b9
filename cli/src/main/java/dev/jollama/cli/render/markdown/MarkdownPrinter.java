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
    private final boolean live;

    /**
     * A line longer than this is shown as written and not rendered at its end: redrawing it would need
     * it held whole, and an answer without a newline would be held whole.
     */
    private static final int MAX_LINE = 64 * 1024;

    /** The longest run without a space held back for wrapping at words. */
    private static final int MAX_WORD = 4 * 1024;

    private final StringBuilder line = new StringBuilder(); // the line being received, harmless
    // The line as shown while it streams, wrapped at words at the width as it is when each row starts:
    // the rows it took (their columns), the row being filled, the word held back until it ends.
    private final List<Integer> rows = new ArrayList<>();
    private int column;
    private int rowWidth;
    private final StringBuilder word = new StringBuilder();
    private boolean overlong; // the current line outgrew MAX_LINE: shown as written, not held
    private String fence; // the open fence's marker, or null
    private String language;
    private final List<String> table = new ArrayList<>();
    private final List<Integer> tableRows = new ArrayList<>(); // the rows the table's raw lines took
    private boolean inThinking;
    private boolean afterListItem;
    private boolean printedAnswer;

    /**
     * @param neutralise show control characters from the model harmlessly (false only with --raw)
     * @param thinking where thinking text goes, dimmed and never rendered; null hides it
     */
    public MarkdownPrinter(Sink out, IntSupplier width, boolean colour, boolean neutralise, Sink thinking) {
        this(out, width, colour, neutralise, thinking, true);
    }

    /**
     * A printer for text that is all there (a saved chat, for a pager): each line is written once,
     * rendered, with no line shown as written first and redrawn, so no cursor movement goes out.
     */
    public static MarkdownPrinter settled(Sink out, IntSupplier width, boolean colour, boolean neutralise) {
        return new MarkdownPrinter(out, width, colour, neutralise, null, false);
    }

    private MarkdownPrinter(
            Sink out, IntSupplier width, boolean colour, boolean neutralise, Sink thinking, boolean live) {
        this.live = live;
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

    /** Nothing more has arrived: the word held back is shown too, if it fits on this row. */
    @Override
    public void onPause() {
        if (!word.isEmpty() && column + AnsiText.width(word.toString()) <= rowWidth()) {
            writeWord();
        }
        out.flush();
    }

    /** Ends the answer: settles the last line, closes an open code frame or table. */
    public void finish() {
        if (!line.isEmpty() || overlong) {
            settle();
        }
        if (!table.isEmpty()) {
            if (live) {
                erase(screenRows(tableRows, terminalWidth())); // the rows shown as written, above the cursor
            }
            tableRows.clear();
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

    /**
     * Shows text of the current line as written, right away, wrapped at words: a word is held back until
     * it ends (or the stream pauses), then goes on this row or, if it would overflow, on the next. Each
     * row is as wide as the terminal is when it starts, so a window made narrower mid-answer is followed
     * from the next row on.
     */
    private void show(String part) {
        if (overlong) {
            out.write(part);
            return;
        }
        line.append(part);
        if (!live) {
            return;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == ' ' || c == '\t') {
                writeWord();
                int w = c == ' ' ? 1 : 8 - column % 8;
                if (column + w <= rowWidth()) {
                    out.write(String.valueOf(c));
                    column += w;
                }
            } else {
                word.append(c);
                if (word.length() > MAX_WORD) {
                    writeWord(); // a "word" this long is no word: shown now, not held
                }
            }
        }
        if (line.length() > MAX_LINE) {
            writeWord();
            overlong = true;
            line.setLength(0);
            rows.clear();
            column = 0;
            rowWidth = 0;
        }
    }

    private void writeWord() {
        if (word.isEmpty()) {
            return;
        }
        String w = word.toString();
        int width = AnsiText.width(w);
        if (column > 0 && column + width > rowWidth()) {
            rows.add(column);
            out.write("\n");
            column = 0;
            rowWidth = 0; // read again for the new row
        }
        out.write(w);
        column += width; // a word wider than a row is folded by the terminal: counted by screenRows
        word.setLength(0);
    }

    private int rowWidth() {
        if (rowWidth == 0) {
            rowWidth = terminalWidth();
        }
        return rowWidth;
    }

    /** The current line has ended: replace it, as shown, with its rendering. */
    private void settle() {
        if (overlong) {
            overlong = false;
            out.write("\n");
            return;
        }
        writeWord(); // all of the line on screen, where the rows are counted
        String raw = line.toString();
        line.setLength(0);
        List<Integer> shown = new ArrayList<>(rows);
        shown.add(column);
        rows.clear();
        column = 0;
        rowWidth = 0;
        int columns = terminalWidth();

        if (fence == null && isTableRow(raw)) {
            table.add(raw);
            tableRows.addAll(shown);
            if (live) {
                out.write("\n");
            }
            return;
        }
        boolean onScreen = live;
        if (!table.isEmpty()) {
            // The table ended: erase its rows and this line's, draw the table; this line comes below it.
            if (live) {
                erase(screenRows(tableRows, columns) + screenRows(shown, columns) - 1);
            }
            tableRows.clear();
            flushTable();
            onScreen = false;
        }
        List<String> rendered = render(raw, columns);
        if (onScreen
                && shown.size() == 1
                && rendered.size() == 1
                && rendered.get(0).equals(raw)) {
            out.write("\n"); // nothing to redraw: markdown-free text on one row stays as it is
            return;
        }
        if (onScreen) {
            erase(screenRows(shown, columns) - 1);
        }
        for (String r : rendered) {
            out.write(r);
            out.write("\n");
        }
    }

    /**
     * The screen rows that rows of these widths take at the width {@code now}: after a window is made
     * narrower, a terminal that reflows its lines folds each of them again (most do, and the count must
     * not come short).
     */
    private static int screenRows(List<Integer> widths, int now) {
        int total = 0;
        for (int w : widths) {
            total += Math.max(1, (w + now - 1) / now);
        }
        return total;
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
            return framed(code.line(raw, language), columns);
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

    /**
     * A line of code in its frame: cut to the width (code has no place to break at a space), each row
     * after the first with the gutter again, so a line wider than the window never leaves the frame.
     */
    private List<String> framed(String highlighted, int columns) {
        String gutter = style.frame("│ ");
        List<String> out = new ArrayList<>();
        for (String row : AnsiText.cut(highlighted, Math.max(1, columns - 2))) {
            out.add(gutter + row);
        }
        return out;
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
}
