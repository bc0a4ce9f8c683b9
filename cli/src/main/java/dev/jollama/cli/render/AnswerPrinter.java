package dev.jollama.cli.render;

import dev.jollama.core.daemon.StreamListener;

/**
 * Prints a streamed answer to stdout as it arrives and makes it end with exactly one newline; thinking
 * text goes to stderr (dimmed on a terminal), or nowhere when hidden.
 */
public final class AnswerPrinter implements StreamListener {

    private final Console console;
    private final boolean showThinking;
    private String pendingLineEnds = "";
    private boolean printed;
    private boolean thinking;

    public AnswerPrinter(Console console, boolean showThinking) {
        this.console = console;
        this.showThinking = showThinking;
    }

    @Override
    public void onThinking(String text) {
        if (showThinking) {
            console.errPrint(console.dim(console.forErr(text)));
            thinking = true;
        }
    }

    @Override
    public void onContent(String text) {
        endThinking();
        // Trailing line ends are held back so the answer can end with exactly one newline; they are
        // written with the next text, so that a "\r\n" split across chunks still reads as one.
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        if (end == 0) {
            pendingLineEnds += text;
            return;
        }
        String body = end == text.length() ? text : text.substring(0, end);
        console.write(pendingLineEnds.isEmpty() ? body : pendingLineEnds + body);
        pendingLineEnds = text.substring(end);
        printed = true;
    }

    @Override
    public void onPause() {
        console.flush();
    }

    /** Ends a complete answer: exactly one newline. */
    public void finish() {
        endThinking();
        console.print("\n");
    }

    /** Ends a partial answer, if any was printed, so the error line starts on its own line. */
    public void finishPartial() {
        endThinking();
        if (printed) {
            console.print("\n");
        }
    }

    private void endThinking() {
        if (thinking) {
            console.errPrint(System.lineSeparator());
            thinking = false;
        }
    }
}
