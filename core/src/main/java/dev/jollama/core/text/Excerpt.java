package dev.jollama.core.text;

/**
 * What an error message may quote of a text it did not write (a model name, a host, the daemon's
 * words): its start, and how much more there was. A message stays one readable line whatever it quotes.
 */
public final class Excerpt {

    /** Characters quoted of a name or an address. */
    public static final int NAME = 200;

    /** Characters quoted of an engine's own error text: its sentences run longer than a name. */
    public static final int DAEMON_TEXT = 500;

    private Excerpt() {}

    /** {@code text} up to {@link #NAME} characters, else its start and "…(N more)". */
    public static String of(String text) {
        return of(text, NAME);
    }

    /** {@code text} up to {@code max} characters, else its first {@code max} and "…(N more)". */
    public static String of(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never half a character
        }
        return text.substring(0, end) + "…(" + (text.length() - end) + " more)";
    }
}
