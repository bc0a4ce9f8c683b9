package dev.jollama.core.daemon;

import java.util.List;

/** One turn of a conversation; {@code images} are base64 strings for vision models. */
public record ChatMessage(String role, String content, String thinking, List<String> images) {

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, null, null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, null, null);
    }

    public static ChatMessage user(String content, List<String> images) {
        return new ChatMessage("user", content, null, images == null || images.isEmpty() ? null : images);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content, null, null);
    }
}
