package dev.jollama.cli.render.markdown;

/**
 * The terminal attributes markdown is shown with. With colours, SGR colours and attributes; without
 * (NO_COLOR, --no-color), bold, italic and underline only, which carry no colour.
 */
final class Style {

    private static final String RESET = "\u001b[0m";

    private final boolean colour;

    Style(boolean colour) {
        this.colour = colour;
    }

    boolean colour() {
        return colour;
    }

    String bold(String s) {
        return wrap("1", s);
    }

    String italic(String s) {
        return wrap("3", s);
    }

    String underline(String s) {
        return wrap("4", s);
    }

    String heading(int level, String s) {
        String attrs = level == 1 ? "1;4" : "1";
        return wrap(colour ? attrs + ";36" : attrs, s);
    }

    String code(String s) {
        return colour ? wrap("38;5;209", s) : "`" + s + "`";
    }

    String frame(String s) {
        return colour ? wrap("2", s) : s;
    }

    String link(String text, String url) {
        return underline(text) + (url == null || url.isEmpty() || url.equals(text) ? "" : " (" + url + ")");
    }

    String colourOnly(String sgr, String s) {
        return colour ? wrap(sgr, s) : s;
    }

    private static String wrap(String sgr, String s) {
        return s.isEmpty() ? s : "\u001b[" + sgr + "m" + s + RESET;
    }
}
