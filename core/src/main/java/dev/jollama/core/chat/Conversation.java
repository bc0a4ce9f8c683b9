package dev.jollama.core.chat;

import dev.jollama.core.daemon.ChatMessage;
import dev.jollama.core.daemon.ChatRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The turns of one chat and the settings they are sent with. The system prompt is kept apart from the
 * turns so that trimming old turns can never drop it.
 */
public final class Conversation {

    private ChatSettings settings;
    private final List<Turn> turns = new ArrayList<>();
    private int firstSent; // turns before it are kept (and saved) but no longer sent

    public Conversation(ChatSettings settings) {
        this.settings = settings;
    }

    public ChatSettings settings() {
        return settings;
    }

    public void settings(ChatSettings value) {
        this.settings = value;
    }

    public List<Turn> turns() {
        return List.copyOf(turns);
    }

    /**
     * Adds a turn. A new user message replaces the unanswered ones before it (failed, or interrupted
     * before any answer), so a request never holds two user turns in a row.
     */
    public void add(Turn turn) {
        if (turn.isUser()) {
            while (!turns.isEmpty() && turns.get(turns.size() - 1).isUnanswered()) {
                turns.remove(turns.size() - 1);
            }
        }
        turns.add(turn);
        firstSent = Math.min(firstSent, turns.size() - 1);
    }

    /** Replaces the last turn: to mark how its exchange ended. */
    public void replaceLast(Turn turn) {
        turns.set(turns.size() - 1, turn);
    }

    /**
     * Inserts turns another jollama saved in the same chat meanwhile, at {@code at} (where this side's
     * new turns began), so that the conversation is the chat as saved.
     */
    public void adopt(int at, List<Turn> theirs) {
        turns.addAll(at, theirs);
        if (firstSent > at) {
            firstSent += theirs.size();
        }
    }

    public void clear() {
        turns.clear();
        firstSent = 0;
    }

    /**
     * Stops sending the oldest exchange still sent (a question and its answer), keeping it in the
     * conversation and so in the saved chat: the context is full, the history is not lost. Returns how
     * many turns it hid; never the last one.
     */
    public int hideOldest() {
        int before = firstSent;
        if (firstSent < turns.size() - 1) {
            firstSent++;
            // Start at a question: an answer without the question it answers misleads the model.
            while (firstSent < turns.size() - 1 && !turns.get(firstSent).isUser()) {
                firstSent++;
            }
        }
        return firstSent - before;
    }

    /** Removes the last turn (an answer being regenerated, or a failed question). */
    public Turn removeLast() {
        Turn removed = turns.isEmpty() ? null : turns.remove(turns.size() - 1);
        firstSent = Math.max(0, Math.min(firstSent, turns.size() - 1));
        return removed;
    }

    public Turn last() {
        return turns.isEmpty() ? null : turns.get(turns.size() - 1);
    }

    /**
     * The turns a request carries: unanswered user turns are left out unless one is the question being
     * asked (the last turn), and of two user turns in a row only the later is kept.
     */
    public List<Turn> sendable() {
        List<Turn> out = new ArrayList<>(turns.size());
        for (int i = Math.min(firstSent, Math.max(0, turns.size() - 1)); i < turns.size(); i++) {
            Turn t = turns.get(i);
            boolean last = i == turns.size() - 1;
            if (t.isUnanswered() && !last) {
                continue;
            }
            if (t.isUser() && !out.isEmpty() && out.get(out.size() - 1).isUser()) {
                out.remove(out.size() - 1);
            }
            out.add(t);
        }
        return out;
    }

    /** The request for the turns so far, system prompt first. */
    public ChatRequest request(boolean stream) {
        return request(stream, null);
    }

    /** The request with {@code tools} (or null) offered to the model. */
    public ChatRequest request(boolean stream, List<dev.jollama.core.daemon.ToolSpec> tools) {
        List<ChatMessage> messages = new ArrayList<>();
        if (settings.system() != null && !settings.system().isBlank()) {
            messages.add(ChatMessage.system(settings.system()));
        }
        for (Turn t : sendable()) {
            messages.add(t.message());
        }
        return new ChatRequest(
                settings.model(),
                messages,
                settings.options(),
                settings.format(),
                settings.think(),
                settings.keepAlive(),
                stream,
                tools);
    }
}
