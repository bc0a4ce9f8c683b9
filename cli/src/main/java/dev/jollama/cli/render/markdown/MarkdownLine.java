package dev.jollama.cli.render.markdown;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

/**
 * Renders markdown that the stream has settled, one line (or one table) at a time, with commonmark-java
 * doing the parsing: headings, emphasis, inline code, links, lists, quotes, rules; GFM tables and
 * strikethrough. The
 * text given is already harmless (control characters shown, not acted on); the SGR sequences added
 * here are jollama's own.
 */
final class MarkdownLine {

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .customDelimiterProcessor(new Strikethrough())
            .build();

    private final Style style;

    MarkdownLine(Style style) {
        this.style = style;
    }

    /** One line of text outside code: the lines it takes on a terminal {@code width} wide. */
    List<String> render(String line, int width) {
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
            indent++;
        }
        String pad = " ".repeat(Math.min(indent, 12));
        Node doc = PARSER.parse(line.substring(indent));
        Node block = doc.getFirstChild();
        if (block == null) {
            return List.of("");
        }
        String first;
        String rest;
        String body;
        if (block instanceof Heading h) {
            first = pad;
            rest = pad;
            body = style.heading(h.getLevel(), inline(h));
        } else if (block instanceof ThematicBreak) {
            return List.of(style.frame("─".repeat(Math.max(3, Math.min(width, 80)))));
        } else if (block instanceof BulletList list && list.getFirstChild() instanceof ListItem item) {
            first = pad + "• ";
            rest = pad + "  ";
            body = blocks(item);
        } else if (block instanceof OrderedList list && list.getFirstChild() instanceof ListItem item) {
            String number = list.getMarkerStartNumber() + ". ";
            first = pad + number;
            rest = pad + " ".repeat(number.length());
            body = blocks(item);
        } else if (block instanceof BlockQuote quote) {
            first = pad + style.frame("│ ");
            rest = first;
            body = style.italic(blocks(quote));
        } else if (block instanceof Paragraph p) {
            first = pad;
            rest = pad;
            body = inline(p);
        } else {
            return List.of(line); // anything else (HTML blocks, link definitions) as written
        }
        List<String> wrapped = AnsiText.wrap(body, Math.max(1, width - AnsiText.width(first)), "");
        List<String> out = new ArrayList<>(wrapped.size());
        for (int i = 0; i < wrapped.size(); i++) {
            out.add((i == 0 ? first : rest) + wrapped.get(i));
        }
        return out;
    }

    /** A GFM table (header, delimiter and rows), aligned to {@code width}, cells wrapped to fit. */
    List<String> table(List<String> lines, int width) {
        Node doc = PARSER.parse(String.join("\n", lines));
        if (!(doc.getFirstChild() instanceof TableBlock table)) {
            return lines;
        }
        List<List<String>> rows = new ArrayList<>();
        int headerRows = 0;
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                if (row instanceof TableRow) {
                    List<String> cells = new ArrayList<>();
                    for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                        if (cell instanceof TableCell c) {
                            cells.add(section instanceof TableHead ? style.bold(inline(c)) : inline(c));
                        }
                    }
                    rows.add(cells);
                    if (section instanceof TableHead) {
                        headerRows++;
                    }
                }
            }
        }
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        if (columns == 0) {
            return lines;
        }
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], AnsiText.width(row.get(c)));
            }
        }
        // Shrink the widest columns until the table fits: borders take 3 columns a cell, plus 1.
        int budget = Math.max(columns * 4, width - (3 * columns + 1));
        while (sum(widths) > budget) {
            int widest = 0;
            for (int c = 1; c < columns; c++) {
                if (widths[c] > widths[widest]) {
                    widest = c;
                }
            }
            if (widths[widest] <= 4) {
                break;
            }
            widths[widest]--;
        }
        List<String> out = new ArrayList<>();
        out.add(style.frame(border("┌", "┬", "┐", widths)));
        for (int r = 0; r < rows.size(); r++) {
            List<List<String>> cellLines = new ArrayList<>();
            int height = 1;
            for (int c = 0; c < columns; c++) {
                String cell = c < rows.get(r).size() ? rows.get(r).get(c) : "";
                List<String> wrapped = AnsiText.wrap(cell, widths[c], "");
                cellLines.add(wrapped);
                height = Math.max(height, wrapped.size());
            }
            for (int h = 0; h < height; h++) {
                StringBuilder line = new StringBuilder(style.frame("│"));
                for (int c = 0; c < columns; c++) {
                    String text = h < cellLines.get(c).size() ? cellLines.get(c).get(h) : "";
                    line.append(' ').append(text).append(" ".repeat(Math.max(0, widths[c] - AnsiText.width(text))));
                    line.append(' ').append(style.frame("│"));
                }
                out.add(line.toString());
            }
            if (r == headerRows - 1) {
                out.add(style.frame(border("├", "┼", "┤", widths)));
            }
        }
        out.add(style.frame(border("└", "┴", "┘", widths)));
        return out;
    }

    private static int sum(int[] values) {
        int s = 0;
        for (int v : values) {
            s += v;
        }
        return s;
    }

    private static String border(String left, String middle, String right, int[] widths) {
        StringBuilder b = new StringBuilder(left);
        for (int c = 0; c < widths.length; c++) {
            b.append("─".repeat(widths[c] + 2)).append(c == widths.length - 1 ? right : middle);
        }
        return b.toString();
    }

    /** The inline content of the blocks inside a list item or a quote, joined by spaces. */
    private String blocks(Node parent) {
        StringBuilder out = new StringBuilder();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(child instanceof Paragraph || child instanceof Heading ? inline(child) : plain(child));
        }
        return out.toString();
    }

    private String inline(Node parent) {
        StringBuilder out = new StringBuilder();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Text t) {
                out.append(t.getLiteral());
            } else if (n instanceof Code c) {
                out.append(style.code(c.getLiteral()));
            } else if (n instanceof StrongEmphasis) {
                out.append(style.bold(inline(n)));
            } else if (n instanceof Emphasis) {
                out.append(style.italic(inline(n)));
            } else if (n instanceof Strikethrough.Struck) {
                out.append(style.strike(inline(n)));
            } else if (n instanceof Link l) {
                out.append(style.link(inline(l), l.getDestination()));
            } else if (n instanceof Image i) {
                out.append("[image: ")
                        .append(inline(i))
                        .append("] (")
                        .append(i.getDestination())
                        .append(')');
            } else if (n instanceof SoftLineBreak || n instanceof HardLineBreak) {
                out.append(' ');
            } else if (n instanceof HtmlInline h) {
                out.append(h.getLiteral());
            } else {
                out.append(inline(n));
            }
        }
        return out.toString();
    }

    private String plain(Node n) {
        return n instanceof BulletList || n instanceof OrderedList ? blocks(n) : inline(n);
    }
}
