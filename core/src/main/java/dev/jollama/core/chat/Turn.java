package dev.jollama.core.chat;

import dev.jollama.core.daemon.ChatMessage;
import java.time.Instant;
import java.util.List;

/**
 * One message of a conversation with when it was written, and how its exchange ended:
 *
 * <ul>
 *   <li>complete: sent as context;
 *   <li>{@code interrupted}: the user pressed Ctrl-C. An assistant turn holds the partial answer, sent
 *       as context as far as it went if the user goes on; a user turn with no answer at all is kept
 *       for {@code /retry} but not sent as context;
 *   <li>{@code failed}: a user turn whose answer failed (an error). Shown, never sent as context;
 *       {@code /retry} sends it again, a new message replaces it.
 * </ul>
 */
public record Turn(String role, String content, List<String> images, Instant at, boolean interrupted, boolean failed) {

    public static Turn user(String content, List<String> images, Instant at) {
        return new Turn("user", content, images == null || images.isEmpty() ? null : images, at, false, false);
    }

    public static Turn assistant(String content, Instant at, boolean interrupted) {
        return new Turn("assistant", content, null, at, interrupted, false);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isUser() {
        return "user".equals(role);
    }

    /** A user turn that got no answer to keep: failed, or interrupted before the first word. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isUnanswered() {
        return isUser() && (failed || interrupted);
    }

    public Turn asFailed() {
        return new Turn(role, content, images, at, false, true);
    }

    public Turn asInterrupted() {
        return new Turn(role, content, images, at, true, false);
    }

    /** The same question, to be sent again. */
    public Turn asPending() {
        return new Turn(role, content, images, at, false, false);
    }

    public ChatMessage message() {
        return new ChatMessage(role, content, null, images);
    }
}
