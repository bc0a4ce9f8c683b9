package dev.jollama.core.tools;

import dev.jollama.core.daemon.ToolCall;

/** Someone at a terminal who is asked before a call runs: the front end's prompt. */
public interface Approver {

    /** What the user answered. */
    enum Answer {
        /** This call, once. */
        YES,
        /** This call and every later one with the same {@link ToolPreview#alwaysKey()}, this session. */
        ALWAYS,
        /** Not this call: the model is told it was denied. */
        NO
    }

    /** Shows {@code preview} and asks. Ctrl-C while asking cancels the turn (the caller's cancellation). */
    Answer ask(ToolCall call, ToolPreview preview);
}
