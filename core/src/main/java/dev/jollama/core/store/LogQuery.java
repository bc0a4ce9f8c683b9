package dev.jollama.core.store;

import java.time.Instant;

/**
 * Which entries {@code jollama logs} wants: the newest {@code limit} that match every filter given.
 *
 * @param text full-text search (FTS5 words; a phrase in quotes), or null
 * @param model exact model name, or null
 * @param since only entries at or after it, or null
 * @param chat entries of that saved chat, or null
 */
public record LogQuery(String text, String model, Instant since, String chat, int limit) {

    public static LogQuery last(int limit) {
        return new LogQuery(null, null, null, null, limit);
    }
}
