package dev.jollama.core.chat;

import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.ModelInfo;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.daemon.PullProgress;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.error.CancelledException;
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

    /** Ollama's num_ctx when neither the request nor the modelfile sets one. */
    public static final int OLLAMA_DEFAULT_CONTEXT = 4096;

    private final OllamaDaemon daemon;
    private final Clock clock;

    public ChatService(OllamaDaemon daemon, Clock clock) {
        this.daemon = daemon;
        this.clock = clock;
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
            Completion done = daemon.chat(conversation.request(true, tools), listener, cancellation);
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

    /** A non-streamed answer: one request with {@code "stream": false}. */
    /** The clock turns are stamped with. */
    public Clock clock() {
        return clock;
    }

    public Completion askWhole(Conversation conversation, String text, List<String> images, Cancellation cancellation) {
        conversation.add(Turn.user(text, images, clock.instant()));
        return answerWhole(conversation, null, cancellation);
    }

    /** A non-streamed answer to the conversation as it stands, with {@code tools} (or null) offered. */
    public Completion answerWhole(
            Conversation conversation, List<dev.jollama.core.daemon.ToolSpec> tools, Cancellation cancellation) {
        Completion done;
        try {
            done = daemon.chat(conversation.request(false, tools), StreamListener.IGNORE, cancellation);
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

    /** Estimated tokens of everything the next request would send. */
    public static int estimate(Conversation conversation) {
        String system = conversation.settings().system();
        int tokens = system == null ? 0 : ContextWindow.estimateTokens(system);
        for (Turn t : conversation.sendable()) {
            tokens += ContextWindow.estimateTokens(t.content()) + 4;
        }
        return tokens;
    }

    /**
     * The context the daemon will use for this conversation: the request's num_ctx, else the
     * modelfile's, else Ollama's default; and the model's trained maximum when known.
     */
    public ContextWindow contextWindow(ChatSettings settings) {
        ModelInfo info = daemon.show(settings.model());
        Integer configured = settings.numCtx() != null ? settings.numCtx() : info.configuredContext();
        return new ContextWindow(configured != null ? configured : OLLAMA_DEFAULT_CONTEXT, info.contextLength());
    }
}
