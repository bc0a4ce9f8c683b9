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
}
