package dev.jollama.core.chat;

import dev.jollama.core.daemon.ChatMessage;
import java.time.Instant;
import java.util.List;

/**
 * One message of a conversation with when it was written. {@code interrupted} marks a partial answer
 * kept after Ctrl-C or a broken stream.
 */
public record Turn(String role, String content, List<String> images, Instant at, boolean interrupted) {

    public static Turn user(String content, List<String> images, Instant at) {
        return new Turn("user", content, images == null || images.isEmpty() ? null : images, at, false);
    }

    public static Turn assistant(String content, Instant at, boolean interrupted) {
        return new Turn("assistant", content, null, at, interrupted);
    }

    public ChatMessage message() {
        return new ChatMessage(role, content, null, images);
    }
}
