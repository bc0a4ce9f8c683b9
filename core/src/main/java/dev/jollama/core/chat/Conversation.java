package dev.jollama.core.chat;

import dev.jollama.core.daemon.ChatMessage;
import dev.jollama.core.daemon.ChatRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The turns of one chat and the settings they are sent with. The system prompt is kept apart from the
 * turns so that trimming old turns can never drop it.
 *
 * <p>After {@code /compact} a summary of the oldest turns stands in for them: it goes, after the system
 * prompt, as a second system message. Not a user message: that would put two user messages in a row
 * before the first kept question (templates merge or reject them) and make the model answer the
 * summary; not an assistant message: a request must not open with the model's words. Ollama joins
 * system messages ({@code template.collate}) and never drops them when it must cut
 * ({@code server/prompt.go}), so the summary reaches every template. The summarised turns stay in the
 * conversation, and in the saved chat.
 */
public final class Conversation {

    /** What the summary message opens with, before the model's summary. */
    public static final String SUMMARY_HEADING =
            "Summary of the earlier part of this conversation (the messages that follow come after it):";

    private ChatSettings settings;
    private final List<Turn> turns = new ArrayList<>();
    private int firstSent; // turns before it are kept (and saved) but no longer sent
    private String summary; // stands in for turns [0, summarised); null when there is none
    private int summarised;
    private boolean chat;
    private int lastRequestTokens;

    public Conversation(ChatSettings settings) {
        this.settings = settings;
    }

    /**
     * Marks this as an interactive chat: its requests also say {@code "shift": false} (unless Ollama may
     * cut), so a context that fills up during an answer ends it ("length") instead of silently
     * shifting the conversation's start out.
     */
    public Conversation asChat() {
        this.chat = true;
        return this;
    }

    public boolean isChat() {
        return chat;
    }

    /** The summary that stands in for the first {@link #summarised()} turns, or null. */
    public String summary() {
        return summary;
    }

    /** How many turns, from the first, the summary stands in for (0 without one). */
    public int summarised() {
        return summary == null ? 0 : summarised;
    }

    /**
     * From now on {@code text} is sent in place of the first {@code count} turns, which must end before
     * a question (a request never starts with an answer); they stay in {@link #turns()}.
     */
    public void summarise(int count, String text) {
        if (count < 1 || count >= turns.size() || !turns.get(count).isUser()) {
            throw new IllegalArgumentException("a summary covers whole exchanges before a question, not " + count);
        }
        this.summary = text;
        this.summarised = count;
        firstSent = Math.max(firstSent, count);
    }

    /** Estimated tokens of the last request sent, as {@link ContextGuard#estimate(ChatRequest)} counts. */
    public int lastRequestTokens() {
        return lastRequestTokens;
    }

    void sent(int tokens) {
        lastRequestTokens = tokens;
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
        summary = null;
        summarised = 0;
        lastRequestTokens = 0;
    }

    /**
     * Stops sending the oldest exchange still sent (a question and its answer), keeping it in the
     * conversation and so in the saved chat: the context is full, the history is not lost. Returns how
     * many turns it hid; never the last one.
     */
    public int hideOldest() {
        firstSent = Math.max(firstSent, summarised());
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
        if (summary != null && summarised >= turns.size()) {
            summary = null; // what it stood for is gone: nothing is left for it to precede
            summarised = 0;
        }
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
        int first = Math.max(firstSent, summarised());
        for (int i = Math.min(first, Math.max(0, turns.size() - 1)); i < turns.size(); i++) {
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

    /**
     * The request with {@code tools} (or null) offered to the model: the system prompt, the summary,
     * the turns. It says {@code "truncate": false} (and in a chat {@code "shift": false}) unless the
     * settings let Ollama cut, when both are left out as before.
     */
    public ChatRequest request(boolean stream, List<dev.jollama.core.daemon.ToolSpec> tools) {
        List<ChatMessage> messages = new ArrayList<>();
        if (settings.system() != null && !settings.system().isBlank()) {
            messages.add(ChatMessage.system(settings.system()));
        }
        if (summary() != null) {
            messages.add(ChatMessage.system(SUMMARY_HEADING + "\n\n" + summary));
        }
        for (Turn t : sendable()) {
            messages.add(t.message());
        }
        boolean refuse = !settings.truncate();
        return new ChatRequest(
                settings.model(),
                messages,
                settings.options(),
                settings.format(),
                settings.think(),
                settings.keepAlive(),
                stream,
                tools,
                refuse ? Boolean.FALSE : null,
                refuse && chat ? Boolean.FALSE : null);
    }
}
