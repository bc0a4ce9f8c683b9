package dev.jollama.core.tools.builtin;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The readable text of an HTML page: tags dropped, scripts, styles and other non-text elements dropped
 * with their content, entities decoded, whitespace collapsed, and a line break where a block (a
 * paragraph, a heading, a list item, a row) ends. One pass over the text, no backtracking.
 */
final class HtmlText {

    /** Elements whose content is not text to read. */
    private static final Set<String> SKIPPED =
            Set.of("script", "style", "noscript", "template", "svg", "iframe", "object", "canvas");

    /** Blocks set off by a blank line; other blocks by a line break. */
    private static final Set<String> PARAGRAPHS = Set.of(
            "article",
            "blockquote",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "footer",
            "ol",
            "p",
            "pre",
            "section",
            "table",
            "title",
            "ul");

    private static final Set<String> BLOCKS = Set.of(
            "address",
            "article",
            "aside",
            "blockquote",
            "br",
            "dd",
            "details",
            "div",
            "dl",
            "dt",
            "fieldset",
            "figcaption",
            "figure",
            "footer",
            "form",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hr",
            "li",
            "main",
            "nav",
            "ol",
            "p",
            "pre",
            "section",
            "summary",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "title",
            "tr",
            "ul");

    private static final Map<String, String> ENTITIES = Map.ofEntries(
            Map.entry("amp", "&"),
            Map.entry("lt", "<"),
            Map.entry("gt", ">"),
            Map.entry("quot", "\""),
            Map.entry("apos", "'"),
            Map.entry("nbsp", " "),
            Map.entry("copy", "©"),
            Map.entry("reg", "®"),
            Map.entry("trade", "™"),
            Map.entry("hellip", "…"),
            Map.entry("mdash", "—"),
            Map.entry("ndash", "–"),
            Map.entry("lsquo", "‘"),
            Map.entry("rsquo", "’"),
            Map.entry("ldquo", "“"),
            Map.entry("rdquo", "”"),
            Map.entry("laquo", "«"),
            Map.entry("raquo", "»"),
            Map.entry("middot", "·"),
            Map.entry("bull", "•"),
            Map.entry("euro", "€"),
            Map.entry("pound", "£"),
            Map.entry("yen", "¥"),
            Map.entry("cent", "¢"),
            Map.entry("sect", "§"),
            Map.entry("para", "¶"),
            Map.entry("deg", "°"),
            Map.entry("plusmn", "±"),
            Map.entry("times", "×"),
            Map.entry("divide", "÷"),
            Map.entry("larr", "←"),
            Map.entry("rarr", "→"),
            Map.entry("uarr", "↑"),
            Map.entry("darr", "↓"),
            Map.entry("shy", ""),
            Map.entry("zwj", ""),
            Map.entry("zwnj", ""));

    private HtmlText() {}

    static String of(String html) {
        Text out = new Text(html.length());
        int i = 0;
        int n = html.length();
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<') {
                if (html.startsWith("<!--", i)) {
                    int end = html.indexOf("-->", i + 4);
                    i = end < 0 ? n : end + 3;
                    continue;
                }
                if (!opensTag(html, i + 1)) {
                    out.text("<"); // a '<' that opens no tag is text
                    i++;
                    continue;
                }
                int end = tagEnd(html, i + 1);
                if (end < 0) {
                    break; // a tag left open at the end is dropped, as a browser drops it
                }
                String name = tagName(html, i + 1, end);
                boolean closing = i + 1 < n && html.charAt(i + 1) == '/';
                i = end + 1;
                if (name.isEmpty()) {
                    continue; // <!DOCTYPE …>, <?xml …?>
                }
                if (!closing && SKIPPED.contains(name) && html.charAt(end - 1) != '/') {
                    i = closeOf(html, name, i);
                    continue;
                }
                if (PARAGRAPHS.contains(name)) {
                    out.lineBreak(2);
                } else if (BLOCKS.contains(name)) {
                    out.lineBreak(1);
                }
            } else if (c == '&') {
                // An entity is short: look for its ';' nearby only, so a page of '&' is still read in one pass.
                int semi = -1;
                for (int j = i + 1; j < Math.min(n, i + 12); j++) {
                    if (html.charAt(j) == ';') {
                        semi = j;
                        break;
                    }
                }
                String decoded = semi > i + 1 ? entity(html.substring(i + 1, semi)) : null;
                if (decoded == null) {
                    out.text("&");
                    i++;
                } else {
                    out.text(decoded);
                    i = semi + 1;
                }
            } else {
                int next = i;
                while (next < n && html.charAt(next) != '<' && html.charAt(next) != '&') {
                    next++;
                }
                out.text(html.substring(i, next));
                i = next;
            }
        }
        return out.toString();
    }

    /** Whether the '<' before {@code from} opens a tag: a name, a closing tag, a declaration. */
    private static boolean opensTag(String html, int from) {
        if (from >= html.length()) {
            return false;
        }
        char first = html.charAt(from);
        return Character.isLetter(first) || first == '/' || first == '!' || first == '?';
    }

    /**
     * The '>' closing a tag opened before {@code from}, skipping quoted attribute values; -1 if the text
     * ends first. The scan never goes back, so the whole page is read in one pass.
     */
    private static int tagEnd(String html, int from) {
        char quote = 0;
        for (int j = from; j < html.length(); j++) {
            char c = html.charAt(j);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return j;
            }
        }
        return -1;
    }

    private static String tagName(String html, int from, int end) {
        int j = from;
        if (j < end && html.charAt(j) == '/') {
            j++;
        }
        int start = j;
        while (j < end && (Character.isLetterOrDigit(html.charAt(j)) || html.charAt(j) == '-')) {
            j++;
        }
        return html.substring(start, j).toLowerCase(Locale.ROOT);
    }

    /** Where the element {@code name} opened before {@code from} ends: after its closing tag, or the end. */
    private static int closeOf(String html, String name, int from) {
        int j = from;
        while (true) {
            int lt = html.indexOf("</", j);
            if (lt < 0) {
                return html.length();
            }
            int after = lt + 2 + name.length();
            if (html.regionMatches(true, lt + 2, name, 0, name.length())
                    && (after >= html.length() || !Character.isLetterOrDigit(html.charAt(after)))) {
                int end = html.indexOf('>', after);
                return end < 0 ? html.length() : end + 1;
            }
            j = lt + 2;
        }
    }

    private static String entity(String name) {
        if (name.startsWith("#")) {
            try {
                int code = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                        ? Integer.parseInt(name.substring(2), 16)
                        : Integer.parseInt(name.substring(1));
                return Character.isValidCodePoint(code) && code != 0 ? new String(Character.toChars(code)) : "\uFFFD";
            } catch (NumberFormatException e) {
                return null;
            }
        }
        String decoded = ENTITIES.get(name);
        return decoded != null ? decoded : ENTITIES.get(name.toLowerCase(Locale.ROOT));
    }

    /** Text with whitespace collapsed as it is added: one space between words, one blank line at most. */
    private static final class Text {
        private final StringBuilder out;
        private boolean space;
        private int newlines = 2; // at the start: nothing to separate from

        Text(int capacity) {
            out = new StringBuilder(Math.min(capacity, 1 << 20));
        }

        void text(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c) || c == '\u00A0') {
                    space = true;
                } else {
                    if (space && newlines == 0) {
                        out.append(' ');
                    }
                    space = false;
                    newlines = 0;
                    out.append(c);
                }
            }
        }

        /** Ends the line, and with {@code lines} 2 leaves a blank line, unless there is one already. */
        void lineBreak(int lines) {
            while (newlines < lines) {
                out.append('\n');
                newlines++;
            }
            space = false;
        }

        @Override
        public String toString() {
            int end = out.length();
            while (end > 0 && out.charAt(end - 1) == '\n') {
                end--;
            }
            return out.substring(0, end);
        }
    }
}
