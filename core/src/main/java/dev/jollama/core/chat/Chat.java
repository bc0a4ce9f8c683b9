package dev.jollama.core.chat;

import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.http.Cancellation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One interactive chat: its conversation, its name on disk, and what the chat commands do to them.
 * No terminal here: the REPL renders, this decides. Every change either happens whole or leaves the
 * chat as it was (a switch to a missing model, a save that fails). The chat is saved after every
 * turn once it has one; a chat file changed by another process meanwhile is never overwritten: the
 * other side's new turns are kept before this side's, or this chat goes on under a new name
 * ({@link SessionStore#save}).
 */
public final class Chat {

    private static final DateTimeFormatter AUTO_NAME =
            DateTimeFormatter.ofPattern("'chat-'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final ChatService service;
    private final SessionStore store;
    private final Clock clock;
    private Conversation conversation;
    private String name;
    private Instant created;
    private SessionStore.Saved written; // the file as this chat last read or wrote it; null before the first save
    private ContextWindow window;
    private int lastUsage;
    private final List<String> notices = new ArrayList<>();
    private java.util.function.Consumer<String> contextNotes = notices::add;
    private boolean autoCompact = true;
    private boolean cutWarned;
    private String cutWarning;

    private Chat(
            ChatService service,
            SessionStore store,
            Clock clock,
            Conversation conversation,
            String name,
            Instant created,
            SessionStore.Saved written) {
        this.service = service;
        this.store = store;
        this.clock = clock;
        this.conversation = conversation.asChat();
        this.name = name;
        this.created = created;
        this.written = written;
        service.logging().chat(this::nameForLog);
    }

    /**
     * The name a turn is logged under: claimed now if the chat has none yet (its first turn is logged
     * before its first save), so that {@code sessions rm} removes that turn's entry too.
     */
    private String nameForLog() {
        if (name == null && !conversation.turns().isEmpty()) {
            name = store.claim(AUTO_NAME.format(created));
        }
        return name;
    }

    /** A new chat; it gets its name (and file) at its first turn. */
    private Answerer answerer;

    public static Chat start(ChatService service, SessionStore store, Clock clock, ChatSettings settings) {
        return new Chat(service, store, clock, new Conversation(settings), null, clock.instant(), null);
    }

    /** A saved chat, continued. */
    public static Chat resume(ChatService service, SessionStore store, Clock clock, String name) {
        SessionStore.Saved opened = store.open(name);
        Session saved = opened.session();
        return new Chat(
                service,
                store,
                clock,
                saved.toConversation(),
                saved.name(),
                saved.created() != null ? saved.created() : clock.instant(),
                opened);
    }

    /**
     * What the user should know about saving (a fork to a new name), gathered during a turn and taken
     * by the REPL after it, so it never lands in the middle of an answer.
     */
    /**
     * Where lines about the context go the moment they happen, before the answer starts: older turns
     * compacted or left out to make room. Unset, they join {@link #takeNotices()}.
     */
    public void onContextNote(java.util.function.Consumer<String> sink) {
        this.contextNotes = sink;
    }

    /**
     * Whether the chat compacts older turns by itself before a message would not fit (config
     * {@code "compact": "auto"}, the default); off, the oldest are left out instead, as said.
     */
    public void autoCompact(boolean on) {
        this.autoCompact = on;
    }

    public boolean autoCompact() {
        return autoCompact;
    }

    /**
     * The warning, once a chat, that the daemon probably cut the start of the last request (a daemon
     * older than {@code "truncate": false}); null when there is none. Taken after the answer is shown.
     */
    public String takeCutWarning() {
        String taken = cutWarning;
        cutWarning = null;
        return taken;
    }

    public List<String> takeNotices() {
        List<String> taken = List.copyOf(notices);
        notices.clear();
        return taken;
    }

    public ChatService service() {
        return service;
    }

    public SessionStore store() {
        return store;
    }

    public Conversation conversation() {
        return conversation;
    }

    public ChatSettings settings() {
        return conversation.settings();
    }

    /** The name it is saved under; null for a new chat that has had no turn yet. */
    public String name() {
        return name;
    }

    public boolean isSaved() {
        return written != null;
    }

    public int lastUsage() {
        return lastUsage;
    }

    /** Sends a message and streams the answer; the turn is saved whatever happens to it. */
    public Completion send(String text, List<String> images, StreamListener listener, Cancellation cancellation) {
        if (text.isBlank()) {
            throw new InvalidInputException("an empty message");
        }
        conversation.add(Turn.user(text, images, clock.instant()));
        makeRoom(cancellation);
        return answer(listener, cancellation);
    }

    /** Answers the last user message again: after an error, an interruption, or for another answer. */
    public Completion retry(StreamListener listener, Cancellation cancellation) {
        // The answer and, with tools, the calls and results that led to it.
        while (conversation.last() != null && !conversation.last().isUser()) {
            conversation.removeLast();
        }
        if (conversation.last() == null) {
            throw new InvalidInputException("nothing to retry yet");
        }
        conversation.replaceLast(conversation.last().asPending());
        makeRoom(cancellation);
        return answer(listener, cancellation);
    }

    /**
     * What answers from now on: the tool loop when the chat has tools ({@code -T} at the start), so the
     * model may call them; null for the chat service alone.
     */
    public void answerWith(Answerer answerer) {
        this.answerer = answerer;
    }

    private Completion answer(StreamListener listener, Cancellation cancellation) {
        try {
            Completion done = answerer != null
                    ? answerer.answer(conversation, listener, cancellation)
                    : service.answer(conversation, listener, cancellation);
            lastUsage = done.promptEvalCount() + done.evalCount();
            if (!cutWarned) {
                String cut = service.cutWarning(conversation, done);
                if (cut != null) {
                    cutWarned = true; // once a chat: the next turns would say the same
                    cutWarning = cut;
                }
            }
            if (window != null && window.assumed()) {
                window = null; // the model is loaded now: the daemon can say what it gave it
            }
            return done;
        } finally {
            save();
        }
    }

    /**
     * Drops the oldest turns so the next request fits the context (the system prompt is kept); returns
     * how many were dropped. Without a known window, Ollama's default is assumed: a chat must not grow
     * without bound because the daemon did not say.
     */
    public int fitToContext() {
        int size = contextSize();
        return ChatService.fitToContext(conversation, size, reserve(size));
    }

    /** Room left for the answer: a quarter of the context, at most 1024 tokens. */
    private static int reserve(int size) {
        return Math.min(1024, size / 4);
    }

    /**
     * Before a question is answered: when the request would not fit with room for the answer, the older
     * turns are compacted into a summary (auto; the last exchange, then only the question, kept as they
     * are), and what still does not fit is left out, oldest first. Each step is said at once. A failed
     * compaction leaves the turns as they were and falls back to leaving them out; Ctrl-C during it is
     * the question interrupted before any answer.
     */
    private void makeRoom(Cancellation cancellation) {
        int size = contextSize();
        int reserve = reserve(size);
        if (ChatService.estimate(conversation) + reserve <= size) {
            return;
        }
        if (autoCompact) {
            try {
                int turns = 0;
                for (int keep = 2; keep >= 1 && ChatService.estimate(conversation) + reserve > size; keep--) {
                    Compaction.Result r = Compaction.run(service, conversation, keep, size, reserve, cancellation);
                    turns += r == null ? 0 : r.turns();
                }
                if (turns > 0) {
                    contextNotes.accept("compacted " + turns + " older " + (turns == 1 ? "turn" : "turns")
                            + " into a summary to fit the " + size + "-token context (kept in the saved chat)");
                }
            } catch (dev.jollama.core.error.CancelledException e) {
                conversation.replaceLast(conversation.last().asInterrupted());
                save();
                throw e;
            } catch (JollamaException e) {
                contextNotes.accept(
                        "could not compact the older turns (" + e.getMessage() + "): the oldest are left out instead");
            }
        }
        int hidden = ChatService.fitToContext(conversation, size, reserve);
        if (hidden > 0) {
            String system = settings().system() != null && !settings().system().isBlank()
                    ? "; the system prompt is still sent"
                    : "";
            String summary = conversation.summary() != null ? "; the summary is still sent" : "";
            contextNotes.accept(hidden + (hidden == 1 ? " old message no longer fits" : " old messages no longer fit")
                    + " the " + size + "-token context: kept in the saved chat, not sent" + system + summary
                    + (autoCompact ? "" : " (/compact summarises them instead)"));
        }
    }

    /**
     * {@code /compact}: the model summarises the older turns, keeping the last two exchanges (or the
     * last one, when there are only two) as they are; the summary is sent in their place from now on
     * and saved with the chat. Returns null when there is nothing older to compact.
     */
    public Compaction.Result compact(Cancellation cancellation) {
        int size = contextSize();
        Compaction.Result r = Compaction.run(service, conversation, 2, size, reserve(size), cancellation);
        if (r == null) {
            r = Compaction.run(service, conversation, 1, size, reserve(size), cancellation);
        }
        if (r != null) {
            save();
        }
        return r;
    }

    /** The context window of the current settings, asked of the daemon once per change; null if unknown. */
    public ContextWindow window() {
        if (window == null) {
            try {
                window = service.contextWindow(settings());
            } catch (JollamaException e) {
                return null;
            }
        }
        return window;
    }

    /** The context size the next request gets: the daemon's answer, else Ollama's default. */
    public int contextSize() {
        ContextWindow w = window();
        return w != null ? w.size() : ChatService.OLLAMA_DEFAULT_CONTEXT;
    }

    /** Whether turns before the last exchange are sent, which {@link #compact} could summarise. */
    public boolean canCompact() {
        return ChatService.olderTurnsSent(conversation);
    }

    /** The context window as the next request will get it, worded for the user (size and source). */
    public String contextDescription() {
        ContextWindow w = window();
        return w != null
                ? w.describe()
                : ChatService.OLLAMA_DEFAULT_CONTEXT + " tokens (Ollama's default, assumed: the daemon could not say)";
    }

    /** Tokens the next request will carry: the daemon's last count when nothing changed since, else an estimate. */
    public int nextRequestTokens() {
        return ChatService.estimate(conversation);
    }

    /**
     * Changes the settings. A new model is checked with the daemon first: a missing one, or a daemon
     * that cannot say, leaves the chat exactly as it was.
     */
    public void switchTo(ChatSettings next) {
        if (!next.model().equals(settings().model())) {
            service.daemon().show(next.model()); // throws, changing nothing, when it is not there
        }
        conversation.settings(next);
        window = null;
        save();
    }

    /** Replaces this chat with a saved one (the current one stays saved as it is). */
    public void load(String other) {
        SessionStore.Saved opened = store.open(other);
        Session saved = opened.session();
        conversation = saved.toConversation().asChat();
        name = saved.name();
        created = saved.created() != null ? saved.created() : clock.instant();
        written = opened;
        window = null;
        lastUsage = 0;
        cutWarned = false;
    }

    /**
     * Starts afresh with the same settings. The conversation so far stays saved under its name; the
     * next turn starts a new chat file. Returns the name the old one is saved as, or null.
     */
    public String clear() {
        String old = isSaved() ? name : null;
        conversation.clear();
        lastUsage = 0;
        name = null;
        written = null;
        created = clock.instant();
        return old;
    }

    /** Saves under a new name; never over another chat, which would lose it (or a damaged file). */
    public void rename(String newName) {
        if (newName.equals(name)) {
            save();
            return;
        }
        if (store.exists(newName)) {
            throw new InvalidInputException("a chat named " + newName + " is saved already (" + store.location()
                    + "): it is left as it is; pick another name");
        }
        String old = name;
        SessionStore.Saved oldWritten = written;
        name = newName;
        written = null;
        try {
            writeNow();
        } catch (RuntimeException e) {
            name = old;
            written = oldWritten;
            throw e;
        }
        if (old != null && oldWritten != null) {
            store.moved(oldWritten, name); // it was ours and nobody changed it: the chat moved
        }
    }

    /** Saves if the chat has something to keep. */
    public void save() {
        if (conversation.turns().isEmpty() && written == null) {
            return; // nothing to keep yet: no empty chat files
        }
        if (name == null) {
            name = store.claim(AUTO_NAME.format(created));
        }
        writeNow();
    }

    private void writeNow() {
        SessionStore.Outcome outcome = store.save(Session.of(name, conversation, created, clock.instant()), written);
        if (!outcome.theirs().isEmpty()) {
            conversation.adopt(outcome.at(), outcome.theirs()); // the chat as saved: theirs, then ours
        }
        if (outcome.forkedFrom() != null) {
            name = outcome.saved().name();
            notices.add(
                    "chat " + outcome.forkedFrom() + " was changed by another jollama; this one goes on as " + name);
        }
        written = outcome.saved();
    }
}
