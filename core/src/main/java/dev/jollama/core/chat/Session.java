package dev.jollama.core.chat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A saved chat: its settings and every turn, as stored in {@code sessions/NAME.json}. */
public record Session(
        String name,
        String model,
        String profile,
        String system,
        Map<String, Object> options,
        Instant created,
        Instant updated,
        List<Turn> messages,
        Object think) {

    public static Session of(String name, Conversation conversation, Instant created, Instant now) {
        ChatSettings s = conversation.settings();
        return new Session(
                name, s.model(), s.profile(), s.system(), s.options(), created, now, conversation.turns(), s.think());
    }

    /** The same chat under another name. */
    public Session withName(String other) {
        return new Session(other, model, profile, system, options, created, updated, messages, think);
    }

    /** The same chat with other messages. */
    public Session withMessages(List<Turn> other) {
        return new Session(name, model, profile, system, options, created, updated, other, think);
    }

    /** A conversation to continue this session in. */
    public Conversation toConversation() {
        Conversation c = new Conversation(new ChatSettings(profile, model, system, options, null, think, null));
        if (messages != null) {
            messages.forEach(c::add);
        }
        return c;
    }
}
