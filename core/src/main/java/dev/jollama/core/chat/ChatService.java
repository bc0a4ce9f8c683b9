package dev.jollama.core.chat;

import dev.jollama.core.daemon.ChatRequest;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.DefaultContext;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.daemon.PullProgress;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.ContextOverflowException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.http.Cancellation;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends a user's message in a conversation and streams the answer: the one code path behind both
 * {@code jollama run} and the chat REPL.
 */
public final class ChatService {

    /** Ollama's num_ctx when neither the request nor the modelfile sets one, on a daemon below 23 GiB of VRAM. */
    public static final int OLLAMA_DEFAULT_CONTEXT = DefaultContext.SMALL;

    private final OllamaDaemon daemon;
    private final Clock clock;
    private ExchangeLogging logging = ExchangeLogging.OFF;

    public ChatService(OllamaDaemon daemon, Clock clock) {
        this.daemon = daemon;
        this.clock = clock;
    }

    /** Logs every request this service sends (and how it ended) through {@code logging}. */
    public ChatService logTo(ExchangeLogging logging) {
        this.logging = logging;
        return this;
    }

    public ExchangeLogging logging() {
        return logging;
    }

    /**
     * A logged exchange as turns to continue from ({@code run --continue}): what was sent, without
     * the system prompt (the new run's own applies), and the answer.
     */
    public List<Turn> turnsOf(dev.jollama.core.store.LogEntry entry) {
        List<Turn> turns = new java.util.ArrayList<>();
        for (dev.jollama.core.daemon.ChatMessage m : entry.messages()) {
            if ("user".equals(m.role())) {
                turns.add(Turn.user(m.content(), null, entry.time()));
            } else if ("assistant".equals(m.role()) && m.toolCalls() == null) {
                turns.add(Turn.assistant(m.content(), entry.time(), false));
            }
        }
        if (turns.isEmpty() && entry.prompt() != null) {
            turns.add(Turn.user(entry.prompt(), null, entry.time()));
        }
        turns.add(Turn.assistant(entry.answer(), entry.time(), false));
        return turns;
    }

    public OllamaDaemon daemon() {
        return daemon;
    }

    /**
     * Adds {@code text} as a user turn, streams the answer and adds it. Cancelled part-way, what
     * arrived is kept as an interrupted answer; failed, the user's turn is marked failed (never sent as
     * context, kept for a retry) and whatever arrived is dropped. The error is rethrown either way.
     */
    public Completion ask(
            Conversation conversation,
            String text,
            List<String> images,
            StreamListener listener,
            Cancellation cancellation) {
        conversation.add(Turn.user(text, images, clock.instant()));
        return answer(conversation, listener, cancellation);
    }

    /** Streams an answer to the conversation as it stands (its last turn is the user's). */
    public Completion answer(Conversation conversation, StreamListener listener, Cancellation cancellation) {
        return answer(conversation, null, listener, cancellation);
    }

    /**
     * Streams an answer with {@code tools} (or null) offered. An answer that asks for tool calls is
     * added as such (its calls to be answered by the caller); on a failure the conversation is as
     * {@link #answer(Conversation, StreamListener, Cancellation)} leaves it.
     */
    public Completion answer(
            Conversation conversation,
            List<dev.jollama.core.daemon.ToolSpec> tools,
            StreamListener listener,
            Cancellation cancellation) {
        try {
            Completion done = send(conversation, conversation.request(true, tools), listener, cancellation);
            conversation.add(
                    done.hasToolCalls()
                            ? Turn.toolCalls(done.content(), done.toolCalls(), clock.instant())
                            : Turn.assistant(done.content(), clock.instant(), false));
            return done;
        } catch (CancelledException e) {
            // The user stopped it: what arrived is theirs to keep, and goes on as context if they do. The
            // daemon hands it over with the stop (as much as it keeps of an answer): no second copy here.
            if (!e.partialAnswer().isEmpty()) {
                conversation.add(Turn.assistant(e.partialAnswer(), clock.instant(), true));
            } else {
                conversation.replaceLast(conversation.last().asInterrupted());
            }
            throw e;
        } catch (RuntimeException e) {
            // A broken or failed answer is never context: the question stays, to be sent again.
            conversation.replaceLast(conversation.last().asFailed());
            throw e;
        }
    }

    /**
     * Sends one request of the conversation, noting its estimated size; Ollama's refusal of an input
     * longer than the context becomes that overflow explained ({@link ContextGuard#overflow}).
     */
    private Completion send(
            Conversation conversation, ChatRequest request, StreamListener listener, Cancellation cancellation) {
        int tokens = ContextGuard.estimate(request);
        conversation.sent(tokens);
        long started = System.nanoTime();
        try {
            Completion done = daemon.chat(request, listener, cancellation);
            logging.answered(conversation.settings(), request, done, System.nanoTime() - started);
            return done;
        } catch (RuntimeException e) {
            if (!ContextGuard.isOverflow(e)) {
                logging.failed(conversation.settings(), request, e, System.nanoTime() - started);
                throw e;
            }
            ContextWindow window;
            try {
                window = contextWindow(conversation.settings());
            } catch (JollamaException unknown) {
                window = new ContextWindow(DefaultContext.SMALL, null, "Ollama's default, assumed", true);
            }
            RuntimeException overflow = ContextGuard.overflow(
                    window,
                    tokens,
                    conversation.isChat() ? ContextOverflowException.Where.CHAT : ContextOverflowException.Where.RUN,
                    conversation.isChat() && olderTurnsSent(conversation));
            logging.failed(conversation.settings(), request, overflow, System.nanoTime() - started);
            throw overflow;
        }
    }

    /** Whether turns before the last question are sent: what /compact could summarise. */
    static boolean olderTurnsSent(Conversation conversation) {
        List<Turn> sent = conversation.sendable();
        for (int i = sent.size() - 2; i >= 0; i--) {
            if (sent.get(i).isUser()) {
                return true;
            }
        }
        return false;
    }

    /**
     * After an answer: a warning when the daemon probably cut the start of the input although the
     * request asked it to refuse (a daemon older than {@code "truncate"}), or null. Never when the
     * settings let Ollama cut: the user chose that.
     */
    public String cutWarning(Conversation conversation, Completion done) {
        ChatSettings s = conversation.settings();
        if (s.truncate()) {
            return null;
        }
        return ContextGuard.cutWarning(
                daemon,
                s.model(),
                s.options(),
                conversation.lastRequestTokens(),
                done,
                conversation.isChat() ? ContextOverflowException.Where.CHAT : ContextOverflowException.Where.RUN);
    }

    /** The clock turns are stamped with. */
    public Clock clock() {
        return clock;
    }

    /** A non-streamed answer: one request with {@code "stream": false}. */
    public Completion askWhole(Conversation conversation, String text, List<String> images, Cancellation cancellation) {
        conversation.add(Turn.user(text, images, clock.instant()));
        return answerWhole(conversation, null, cancellation);
    }

    /** A non-streamed answer to the conversation as it stands, with {@code tools} (or null) offered. */
    public Completion answerWhole(
            Conversation conversation, List<dev.jollama.core.daemon.ToolSpec> tools, Cancellation cancellation) {
        Completion done;
        try {
            done = send(conversation, conversation.request(false, tools), StreamListener.IGNORE, cancellation);
        } catch (CancelledException e) {
            conversation.replaceLast(conversation.last().asInterrupted());
            throw e;
        } catch (RuntimeException e) {
            conversation.replaceLast(conversation.last().asFailed());
            throw e;
        }
        conversation.add(
                done.hasToolCalls()
                        ? Turn.toolCalls(done.content(), done.toolCalls(), clock.instant())
                        : Turn.assistant(done.content(), clock.instant(), false));
        return done;
    }

    /** Whether the daemon has the model. */
    public boolean isInstalled(String model) {
        try {
            daemon.show(model);
            return true;
        } catch (ModelNotFoundException e) {
            return false;
        }
    }

    /** Pulls the conversation's model when it is missing; true when it pulled. */
    public boolean pullIfMissing(String model, Consumer<PullProgress> progress, Cancellation cancellation) {
        try {
            daemon.show(model);
            return false;
        } catch (ModelNotFoundException e) {
            daemon.pull(model, progress, cancellation);
            if (cancellation.isCancelled()) {
                throw new CancelledException();
            }
            return true;
        }
    }

    /**
     * Stops sending the oldest exchanges until the request, plus {@code reserve} tokens for the answer,
     * fits {@code contextSize}. They stay in the conversation (and the saved chat); the system prompt
     * is kept apart and always sent, as is the newest turn. Returns how many turns are no longer sent.
     */
    public static int fitToContext(Conversation conversation, int contextSize, int reserve) {
        int hidden = 0;
        while (conversation.sendable().size() > 1 && estimate(conversation) + reserve > contextSize) {
            int n = conversation.hideOldest();
            if (n == 0) {
                break;
            }
            hidden += n;
        }
        return hidden;
    }

    /** Estimated tokens of everything the next request would send: system prompt, summary, turns. */
    public static int estimate(Conversation conversation) {
        return ContextGuard.estimate(conversation.request(false, null));
    }

    /**
     * The context the daemon will use for this conversation and where that size comes from
     * ({@link ContextGuard#window}); and the model's trained maximum when known.
     */
    public ContextWindow contextWindow(ChatSettings settings) {
        return ContextGuard.window(daemon, settings.model(), settings.options());
    }
}
