package dev.jollama.cli.render;

/**
 * Makes untrusted text (a model's answer, a daemon's error, a model name) harmless on a terminal:
 * every character a terminal would act on instead of showing is replaced by a visible form, so a
 * prompt-injected answer cannot clear the screen, retitle the window, move the cursor over earlier
 * lines or write the clipboard (OSC 52). Each character is judged on its own, so a sequence split
 * across two streamed chunks is caught as surely as a whole one: its ESC alone is what a terminal
 * needs, and that is never passed through.
 */
public final class TerminalText {

    private TerminalText() {}

    /**
     * C0 controls but newline and tab as caret notation ({@code ESC} → {@code ^[}, as {@code cat -v}
     * shows them), DEL, C1 controls and bidirectional overrides and isolates as {@code \u202e}. A
     * carriage return right before a newline is dropped rather than shown: it is a line ending, not an
     * attempt to overwrite the line.
     */
    public static String neutralise(String text) {
        int first = firstHarmful(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        out.append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isHarmful(c)) {
                out.append(c);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                continue;
            } else if (c < 0x20) {
                out.append('^').append((char) (c + 0x40));
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /** Whether a terminal would act on this character rather than show it. */
    public static boolean isHarmful(char c) {
        if (c < 0x20) {
            return c != '\n' && c != '\t';
        }
        if (c >= 0x7f && c <= 0x9f) {
            return true; // DEL and the C1 controls, which some terminals take as ESC-sequences (0x9b is CSI)
        }
        // LRE RLE PDF LRO RLO and LRI RLI FSI PDI: text that reads differently from what it is
        // ("Trojan Source", CVE-2021-42574). The marks LRM, RLM and ALM only nudge and stay.
        return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }

    private static int firstHarmful(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isHarmful(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
