package dev.jollama.cli.repl;

import dev.jollama.cli.render.TerminalText;
import java.io.PrintWriter;
import java.util.function.IntSupplier;

/**
 * Prints a streamed answer soft-wrapped at the terminal width without breaking words: a word is held
 * back until its end arrives, then goes on the current line or, if it would overflow, on the next.
 * Thinking text is dimmed and set apart from the answer.
 */
final class WrappingPrinter implements ChatPrinter {

    private final PrintWriter out;
    private final IntSupplier terminalWidth;
    private int width;
    private final boolean dimThinking;
    private final boolean showThinking;
    private final boolean neutralise;
    /** The most held back of a word when the width is unknown: an answer without a space is not held whole. */
    private static final int MAX_WORD = 4096;

    private final StringBuilder word = new StringBuilder();
    private int column;
    private boolean inThinking;
    private boolean printedAnswer;

    /** {@code neutralise}: show control characters harmlessly ({@link TerminalText}); false with --raw. */
    WrappingPrinter(PrintWriter out, int width, boolean colour, boolean showThinking, boolean neutralise) {
        this(out, () -> width, colour, showThinking, neutralise);
    }

    /**
     * {@code terminalWidth} is asked again at the start of every line, so after a resize (SIGWINCH,
     * which JLine applies to the terminal's size) the answer wraps at the new width from its next line.
     */
    WrappingPrinter(
            PrintWriter out, IntSupplier terminalWidth, boolean colour, boolean showThinking, boolean neutralise) {
        this.out = out;
        this.neutralise = neutralise;
        this.terminalWidth = terminalWidth;
        this.width = usable(terminalWidth.getAsInt());
        this.dimThinking = colour;
        this.showThinking = showThinking;
    }

    @Override
    public void onThinking(String text) {
        if (!showThinking) {
            return;
        }
        if (!inThinking) {
            out.print(dimThinking ? "\u001b[2m" : "Thinking: ");
            inThinking = true;
        }
        feed(text);
    }

    @Override
    public void onContent(String text) {
        if (inThinking) {
            flushWord();
            out.print(dimThinking ? "\u001b[0m" : "");
            out.print("\n");
            newLine();
            inThinking = false;
        }
        if (!printedAnswer) {
            text = text.stripLeading();
            if (text.isEmpty()) {
                return;
            }
            printedAnswer = true;
        }
        feed(text);
    }

    /**
     * Nothing more has arrived: show the word held back too, if it fits on this line, so a slow or
     * stalled stream never hides its last word. A word that does not fit waits for its end as usual.
     */
    @Override
    public void onPause() {
        if (!word.isEmpty() && column + word.length() <= width) {
            out.print(word);
            column += word.length();
            word.setLength(0);
        }
        out.flush();
    }

    private void feed(String untrusted) {
        String text = neutralise ? TerminalText.neutralise(untrusted) : untrusted;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                flushWord();
                newLine();
            } else if (c == ' ' || c == '\t') {
                flushWord();
                if (column < width) {
                    out.print(c);
                    column++;
                }
            } else {
                word.append(c);
                if (word.length() >= Math.min(width, MAX_WORD)) {
                    flushWord(); // longer than a line: it breaks anyway, and must not be held whole
                }
            }
        }
    }

    private void flushWord() {
        if (word.isEmpty()) {
            return;
        }
        if (column > 0 && column + word.length() > width) {
            newLine();
        }
        out.print(word);
        column += word.length();
        word.setLength(0);
    }

    private void newLine() {
        out.print('\n');
        column = 0;
        width = usable(terminalWidth.getAsInt());
    }

    private static int usable(int columns) {
        return columns > 10 ? columns : Integer.MAX_VALUE;
    }

    /** Ends the answer: the held-back word, a reset of any dimming, a newline. */
    @Override
    public void finish() {
        flushWord();
        if (inThinking && dimThinking) {
            out.print("\u001b[0m");
        }
        if (column > 0 || !printedAnswer) {
            out.print('\n');
        }
        column = 0;
        out.flush();
    }
}
