package dev.jollama.core.daemon;

/** Receives an answer as it streams; called on the thread that made the request, in order. */
public interface StreamListener {

    StreamListener IGNORE = new StreamListener() {
        @Override
        public void onContent(String text) {}
    };

    void onContent(String text);

    /** Reasoning text of thinking models; arrives before the answer. */
    default void onThinking(String text) {}

    /**
     * Nothing more of the stream is waiting to be read: the moment to flush what was printed. A fast
     * stream delivers many chunks per network read, and flushing each one alone would cost a system
     * call per token while showing nothing sooner.
     */
    default void onPause() {}
}
