package dev.jollama.core.chat;

import dev.jollama.core.daemon.ChatMessage;
import dev.jollama.core.daemon.ChatRequest;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.DefaultContext;
import dev.jollama.core.daemon.GenerateRequest;
import dev.jollama.core.daemon.ModelInfo;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.daemon.RunningModel;
import dev.jollama.core.error.ContextOverflowException;
import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.JollamaException;
import java.util.Map;

/**
 * Never a silent cut: the context a request gets, an overflow Ollama refused explained, and a cut made
 * by a daemon too old to refuse noticed afterwards.
 *
 * <p>Ollama (ollama/ollama {@code runner/ollamarunner/runner.go}, {@code NewSequence}) cuts the start
 * of an input longer than the context unless the request says {@code "truncate": false}; then it
 * answers 400 {@code {"error":"the input length exceeds the context length"}} before any byte of
 * the answer ({@code llm/server.go} relays the runner's status, {@code server/routes.go} sends it as
 * the status of the whole answer). It gives no token count: the sizes here are jollama's estimate.
 *
 * <p>A daemon older than the field ignores it and cuts as before. The only trace is the final
 * chunk's {@code prompt_eval_count}: the prompt as the model read it. {@link #cutSuspected} compares
 * it with the estimate of what was sent.
 */
public final class ContextGuard {

    /** Ollama's words for an input longer than the context when the request said {@code "truncate": false}. */
    public static final String OVERFLOW = "the input length exceeds the context length";

    private ContextGuard() {}

    /** Whether the daemon refused the input as longer than the context. */
    public static boolean isOverflow(RuntimeException e) {
        return e instanceof DaemonErrorException d
                && d.status() == 400
                && d.daemonMessage() != null
                && d.daemonMessage().strip().equals(OVERFLOW);
    }

    /**
     * The context the daemon will give {@code model} with these options, by {@link DefaultContext}'s
     * rule: a loaded model's {@code context_length} from {@code /api/ps} when the request sets no
     * num_ctx (a different num_ctx reloads the model), else the request's num_ctx, else the modelfile's,
     * else Ollama's default for a daemon with less than 23 GiB of VRAM (jollama cannot see the daemon's
     * VRAM nor its OLLAMA_CONTEXT_LENGTH, so that size is marked assumed); never above the trained
     * context.
     */
    public static ContextWindow window(OllamaDaemon daemon, String model, Map<String, Object> options) {
        Integer requested = options != null && options.get("num_ctx") instanceof Number n ? n.intValue() : null;
        ModelInfo info = daemon.show(model);
        Integer trained = info.contextLength();
        Integer loaded = requested == null ? loadedContext(daemon, model) : null;
        Integer modelfile = requested == null ? info.configuredContext() : null;
        DefaultContext chosen = DefaultContext.of(
                requested != null ? requested : modelfile,
                null,
                0,
                trained == null ? null : trained.longValue(),
                loaded);
        boolean assumed = loaded == null && requested == null && modelfile == null;
        String source = chosen.source();
        if (modelfile != null && loaded == null) {
            source = source.replaceFirst("^num_ctx", "the model's num_ctx parameter");
        }
        if (assumed) {
            source += ", assumed until the model is loaded";
        }
        return new ContextWindow(chosen.tokens(), trained, source, assumed);
    }

    private static Integer loadedContext(OllamaDaemon daemon, String model) {
        try {
            for (RunningModel m : daemon.runningModels()) {
                if (sameModel(m.name(), model) || sameModel(m.model(), model)) {
                    return m.contextLength() != null && m.contextLength() > 0 ? m.contextLength() : null;
                }
            }
        } catch (JollamaException e) {
            // an engine without /api/ps, or a daemon that cannot say now: the rule goes on without it
        }
        return null;
    }

    private static boolean sameModel(String listed, String asked) {
        if (listed == null) {
            return false;
        }
        return listed.equals(asked) || listed.equals(asked + ":latest") || asked.equals(listed + ":latest");
    }

    /** Estimated tokens of a chat request's messages: four characters a token, four more per message. */
    public static int estimate(ChatRequest request) {
        int tokens = 0;
        for (ChatMessage m : request.messages()) {
            tokens += ContextWindow.estimateTokens(m.content() == null ? "" : m.content()) + 4;
        }
        return tokens;
    }

    /** Estimated tokens of a generate request: its prompt and system prompt. */
    public static int estimate(GenerateRequest request) {
        int tokens = ContextWindow.estimateTokens(request.prompt() == null ? "" : request.prompt()) + 4;
        if (request.system() != null) {
            tokens += ContextWindow.estimateTokens(request.system()) + 4;
        }
        return tokens;
    }

    /** The refusal explained: sizes, where the context comes from, and what would make the input fit. */
    public static ContextOverflowException overflow(
            ContextWindow window, int tokens, ContextOverflowException.Where where, boolean canCompact) {
        return new ContextOverflowException(
                tokens,
                window.size(),
                window.source(),
                window.trainedMax(),
                window.suggestFor(Math.max(tokens, window.size() + 1)),
                where,
                canCompact);
    }

    /**
     * Whether a daemon that ignored {@code "truncate": false} probably cut the start of the input:
     * everything below must hold.
     *
     * <ul>
     *   <li>By the estimate the input did not fit ({@code estimate > context}). This is also what keeps
     *       a chat free of false alarms: daemons before Ollama's Go runners (0.4) counted only the
     *       tokens their prompt cache did not hold, so a follow-up turn reported a small count for a
     *       long conversation; such a turn fits, and is never looked at. (Since 0.4 the count is the
     *       whole prompt, cached or not: {@code numPromptInputs}, {@code cache_n + prompt_n}.)
     *   <li>The daemon read at most the context ({@code count <= context}): a cut never leaves more.
     *   <li>And the count is either well below the estimate, under three quarters of it, a margin
     *       wider than the estimate's error (four characters a token over-counts English text and code
     *       by well under a quarter; it under-counts other scripts, which only makes a cut look
     *       smaller), or at the context itself, within 1/32: Ollama's runner keeps exactly num_ctx
     *       tokens when it cuts one long prompt, and a prompt that really fills the context leaves no
     *       room for an answer anyway.
     * </ul>
     */
    public static boolean cutSuspected(int estimate, int promptEvalCount, int context) {
        if (promptEvalCount <= 0 || estimate <= context || promptEvalCount > context) {
            return false;
        }
        boolean wellBelow = (long) promptEvalCount * 4 < (long) estimate * 3;
        boolean atTheLimit = promptEvalCount >= context - context / 32;
        return wellBelow || atTheLimit;
    }

    /**
     * The warning for a probable cut, or null when there is none: {@code settings} did not let Ollama
     * cut, and {@link #cutSuspected} holds. Asks the daemon for the context only when the count alone
     * cannot rule a cut out.
     */
    public static String cutWarning(
            OllamaDaemon daemon,
            String model,
            Map<String, Object> options,
            int estimate,
            Completion done,
            ContextOverflowException.Where where) {
        int count = done.promptEvalCount();
        if (count <= 0 || count >= estimate) {
            return null; // it read all that was sent (the usual case): nothing to ask
        }
        ContextWindow window;
        try {
            window = window(daemon, model, options);
        } catch (JollamaException e) {
            return null;
        }
        if (!cutSuspected(estimate, count, window.size())) {
            return null;
        }
        int suggestion = window.suggestFor(estimate);
        String fix = suggestion > window.size()
                ? ContextOverflowException.numCtx(where, suggestion) + " makes room"
                : "shorten the input: the model holds at most " + window.size() + " tokens";
        return "the daemon probably cut the start of the input: it read " + count + " tokens of about " + estimate
                + " sent, and the context is " + window.describe()
                + "; it is older than Ollama's \"truncate\" field, which refuses instead: " + fix
                + ", or update Ollama";
    }
}
