package dev.jollama.core.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A saved chat: its settings and every turn, as stored in {@code sessions/NAME.json}. After
 * {@code /compact}, {@code summary} is sent in place of the first {@code summarised} messages, which
 * stay here whole; both are absent otherwise, and in files written before compaction existed.
 * {@code truncate} is saved only when the chat lets Ollama cut ({@code --truncate}).
 */
public record Session(
        String name,
        String model,
        String profile,
        String system,
        Map<String, Object> options,
        Instant created,
        Instant updated,
        List<Turn> messages,
        Object think,
        @JsonInclude(JsonInclude.Include.NON_NULL) String summary,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer summarised,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean truncate) {

    public static Session of(String name, Conversation conversation, Instant created, Instant now) {
        ChatSettings s = conversation.settings();
        return new Session(
                name,
                s.model(),
                s.profile(),
                s.system(),
                s.options(),
                created,
                now,
                conversation.turns(),
                s.think(),
                conversation.summary(),
                conversation.summary() == null ? null : conversation.summarised(),
                s.truncate() ? Boolean.TRUE : null);
    }

    public Session withName(String newName) {
        return new Session(
                newName,
                model,
                profile,
                system,
                options,
                created,
                updated,
                messages,
                think,
                summary,
                summarised,
                truncate);
    }

    public Session withMessages(List<Turn> turns) {
        return new Session(
                name, model, profile, system, options, created, updated, turns, think, summary, summarised, truncate);
    }

    /** A conversation to continue this session in: the same context goes out as before it was saved. */
    public Conversation toConversation() {
        Conversation c = new Conversation(
                new ChatSettings(profile, model, system, options, null, think, null, truncate != null && truncate));
        if (messages != null) {
            messages.forEach(c::add);
        }
        if (summary != null && summarised != null) {
            try {
                c.summarise(summarised, summary);
            } catch (IllegalArgumentException e) {
                // a file edited by hand so that the summary no longer ends before a question: the turns go whole
            }
        }
        return c;
    }
}
