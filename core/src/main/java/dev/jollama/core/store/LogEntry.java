package dev.jollama.core.store;

import dev.jollama.core.daemon.ChatMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One exchange as the log keeps it: what was asked of which model where, what came back, and how it
 * ended. Images are kept as their digests, never their bytes; keys and headers are never part of it.
 *
 * @param id null until stored
 * @param chat the saved chat the exchange belongs to, or null
 * @param prompt the last user message, the text searched and shown
 * @param messages everything sent (system prompt, earlier turns, the prompt), or empty for a chat's
 *     turn, whose earlier turns are in the chat
 * @param tools the tool calls and their results as JSON, or null
 * @param count for {@code embed}: how many inputs (their text is not kept)
 */
public record LogEntry(
        Long id,
        Instant time,
        String command,
        String host,
        String engine,
        String model,
        String profile,
        String system,
        Map<String, Object> options,
        String prompt,
        List<ChatMessage> messages,
        String chat,
        String answer,
        String thinking,
        String tools,
        Integer promptTokens,
        Integer answerTokens,
        Long durationMillis,
        int exitCode,
        String error,
        Integer count) {

    public LogEntry {
        messages = messages == null ? List.of() : List.copyOf(messages);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** The same entry as stored under {@code id}. */
    LogEntry withId(long newId) {
        return new LogEntry(
                newId,
                time,
                command,
                host,
                engine,
                model,
                profile,
                system,
                options,
                prompt,
                messages,
                chat,
                answer,
                thinking,
                tools,
                promptTokens,
                answerTokens,
                durationMillis,
                exitCode,
                error,
                count);
    }
}
