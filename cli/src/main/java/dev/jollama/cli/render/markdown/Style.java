package dev.jollama.cli.render.markdown;

/**
 * The terminal attributes markdown is shown with. With colours, SGR colours and attributes; without
 * (NO_COLOR, --no-color), bold, italic, underline and strikethrough only, which carry no colour.
 */
final class Style {

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

    /** Struck through (SGR 9): an attribute like bold, so NO_COLOR keeps it too. */
    String strike(String s) {
        return wrap("9", s);
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

    /** Turns on {@code sgr} and off only what it turned on, so an outer style carries on after it. */
    private static String wrap(String sgr, String s) {
        if (s.isEmpty()) {
            return s;
        }
        StringBuilder off = new StringBuilder();
        String[] parts = sgr.split(";");
        for (int i = 0; i < parts.length; i++) {
            String code =
                    switch (parts[i]) {
                        case "1", "2" -> "22";
                        case "3" -> "23";
                        case "4" -> "24";
                        case "9" -> "29";
                        case "38" -> {
                            i += 2; // 38;5;n
                            yield "39";
                        }
                        default -> parts[i].startsWith("3") || parts[i].startsWith("9") ? "39" : "0";
                    };
            if (off.indexOf(code) < 0) {
                off.append(off.isEmpty() ? "" : ";").append(code);
            }
        }
        return "\u001b[" + sgr + "m" + s + "\u001b[" + off + "m";
    }
}
