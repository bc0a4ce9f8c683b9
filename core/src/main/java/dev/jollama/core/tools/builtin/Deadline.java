package dev.jollama.core.tools.builtin;

import dev.jollama.core.http.Cancellation;

/**
 * When a search must stop: at a moment, or when the call is cancelled. A regular expression that
 * backtracks without end never returns on its own, so the text it reads checks the deadline as it is
 * read ({@link #watch}) and ends the match by throwing.
 */
final class Deadline {

    /** The deadline passed or the call was cancelled. */
    static final class Reached extends RuntimeException {
        Reached() {
            super("deadline reached", null, false, false);
        }
    }

    private final Cancellation cancellation;
    private final long nanos;

    Deadline(Cancellation cancellation, long nanos) {
        this.cancellation = cancellation;
        this.nanos = nanos;
    }

    void check() {
        if (cancellation.isCancelled() || System.nanoTime() - nanos > 0) {
            throw new Reached();
        }
    }

    CharSequence watch(String text) {
        return new Watched(text, 0, text.length());
    }

    private final class Watched implements CharSequence {
        private final String text;
        private final int start;
        private final int end;
        private int reads;

        Watched(String text, int start, int end) {
            this.text = text;
            this.start = start;
            this.end = end;
        }

        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0) {
                check();
            }
            return text.charAt(start + index);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new Watched(text, start + from, start + to);
        }

        @Override
        public String toString() {
            return text.substring(start, end);
        }
    }
}
