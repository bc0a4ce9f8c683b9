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
        NO;

        /** A typed answer: y or yes, a or always; anything else — Enter, n, Ctrl-D (null) — is no. */
        public static Answer of(String typed) {
            return switch (typed == null ? "" : typed.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "y", "yes" -> YES;
                case "a", "always" -> ALWAYS;
                default -> NO;
            };
        }

        /** The question's choices: "always" covers the tool, or for a shell this exact command. */
        public static String choices(String tool, ToolPreview preview) {
            return "[y]es, [a]lways " + (preview.alwaysKey().startsWith("shell:") ? "this exact command" : tool)
                    + ", [N]o";
        }
    }

    /** Shows {@code preview} and asks. Ctrl-C while asking cancels the turn (the caller's cancellation). */
    Answer ask(ToolCall call, ToolPreview preview);
}
