package dev.jollama.cli.render.markdown;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.WCWidth;

/** Widths and word-wrapping of text that carries jollama's own SGR sequences. */
final class AnsiText {

    private AnsiText() {}

    /** Columns the text takes on a terminal: SGR sequences take none, wide characters two. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '\u001b' && i + 1 < s.length() && s.charAt(i + 1) == '[') {
                int end = i + 2;
                while (end < s.length() && !Character.isLetter(s.charAt(end))) {
                    end++;
                }
                i = end + 1;
                continue;
            }
            int cp = s.codePointAt(i);
            if (cp == '\t') {
                w += 8 - w % 8; // to the next tab stop, as terminals place them
                i++;
                continue;
            }
            int cw = WCWidth.wcwidth(cp);
            w += Math.max(0, cw);
            i += Character.charCount(cp);
        }
        return w;
    }

    /**
     * Wraps at spaces to {@code width} columns; later lines start with {@code indent}. A word longer than
     * a line is left whole (the terminal folds it). SGR sequences are kept where they are.
     */
    static List<String> wrap(String text, int width, String indent) {
        List<String> lines = new ArrayList<>();
        if (width < 1 || width(text) <= width) {
            lines.add(text);
            return lines;
        }
        StringBuilder line = new StringBuilder();
        int column = 0;
        int indentWidth = width(indent);
        for (String whole : text.split(" ", -1)) {
            for (String word : pieces(whole, width)) {
                int w = width(word);
                if (column > 0 && column + 1 + w > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                    line.append(indent);
                    column = indentWidth;
                } else if (column > 0 || !line.isEmpty()) {
                    line.append(' ');
                    column++;
                }
                line.append(word);
                column += w;
            }
        }
        lines.add(line.toString());
        return lines;
    }

    /**
     * Cuts text into rows of at most {@code width} columns, wherever that falls (code, which has no
     * place to break). A text that fits is left as it is, tabs and all (a Makefile copied from the screen
     * keeps them); in one that is cut, tabs become the spaces to their stops. A row that ends inside an
     * SGR style ends it, and the next row starts it again, so each row stands on its own (a gutter may
     * come first).
     */
    static List<String> cut(String text, int width) {
        List<String> rows = new ArrayList<>();
        if (width < 1 || width(text) <= width) {
            rows.add(text);
            return rows;
        }
        StringBuilder row = new StringBuilder();
        StringBuilder styles = new StringBuilder(); // the SGR sequences in force, in order
        int column = 0;
        int total = 0; // columns from the start of the line, for the tab stops
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '\u001b' && i + 1 < text.length() && text.charAt(i + 1) == '[') {
                int end = i + 2;
                while (end < text.length() && !Character.isLetter(text.charAt(end))) {
                    end++;
                }
                String sgr = text.substring(i, Math.min(text.length(), end + 1));
                row.append(sgr);
                if (sgr.equals("\u001b[0m") || sgr.equals("\u001b[m")) {
                    styles.setLength(0);
                } else {
                    styles.append(sgr);
                }
                i = end + 1;
                continue;
            }
            int cp = text.codePointAt(i);
            String glyph = cp == '\t' ? " ".repeat(8 - total % 8) : new String(Character.toChars(cp));
            i += Character.charCount(cp);
            for (String part : cp == '\t' ? glyph.split("") : new String[] {glyph}) {
                int w = cp == '\t' ? 1 : Math.max(0, WCWidth.wcwidth(cp));
                if (column + w > width && column > 0) {
                    if (!styles.isEmpty()) {
                        row.append("\u001b[0m");
                    }
                    rows.add(row.toString());
                    row.setLength(0);
                    row.append(styles);
                    column = 0;
                }
                row.append(part);
                column += w;
                total += w;
            }
        }
        rows.add(row.toString());
        return rows;
    }

    /** A word longer than a line, cut to the width (a URL in a narrow table cell); others whole. */
    private static List<String> pieces(String word, int width) {
        if (width(word) <= width || word.indexOf('\u001b') >= 0) {
            return List.of(word);
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = Math.min(word.length(), start + width);
            out.add(word.substring(start, end));
            start = end;
        }
        return out;
    }
}
