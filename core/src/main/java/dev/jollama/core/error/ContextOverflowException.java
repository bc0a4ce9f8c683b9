package dev.jollama.core.error;

/**
 * The input does not fit the model's context and the daemon refused it rather than cut its start
 * ({@code "truncate": false}): which context (its size and where that number comes from), how big
 * the input was, and what would make it fit. An input error: exit 2.
 */
public final class ContextOverflowException extends JollamaException {

    /** Who sent it, which decides what the user can do about it. */
    public enum Where {
        RUN,
        CHAT,
        BATCH
    }

    private final String problem;
    private final String hint;

    /**
     * @param tokens the input by jollama's estimate (Ollama's 400 gives no count)
     * @param context the context the daemon has for the model
     * @param source where that size comes from ("num_ctx", "as loaded (/api/ps)", …)
     * @param trained the model's trained context, or null when unknown
     * @param suggestion a num_ctx that would hold the input and an answer, at most {@code trained}
     * @param canCompact in a chat: older turns are sent that /compact could summarise
     */
    public ContextOverflowException(
            int tokens, int context, String source, Integer trained, int suggestion, Where where, boolean canCompact) {
        this(problem(tokens, context, source), hint(tokens, context, trained, suggestion, where, canCompact));
    }

    private ContextOverflowException(String problem, String hint) {
        super(problem + "\n  " + hint, null);
        this.problem = problem;
        this.hint = hint;
    }

    /** The problem and the hint on one line, for a batch's error line. */
    public String oneLine() {
        return problem + "; " + hint;
    }

    /** How {@code where} sets num_ctx: {@code -o num_ctx=N}, {@code --option num_ctx=N}, {@code /set num_ctx N}. */
    public static String numCtx(Where where, int tokens) {
        return switch (where) {
            case RUN -> "-o num_ctx=" + tokens;
            case BATCH -> "--option num_ctx=" + tokens;
            case CHAT -> "/set num_ctx " + tokens;
        };
    }

    private static String problem(int tokens, int context, String source) {
        String where = source == null || source.isEmpty() ? "" : " (" + source + ")";
        String size = tokens > context
                ? "the input is about " + tokens + " tokens, more than the " + context + "-token context" + where
                : "the input does not fit the " + context + "-token context" + where + " by Ollama's count (about "
                        + tokens + " tokens by jollama's estimate)";
        return size + ": Ollama refused it rather than cut its start";
    }

    private static String hint(
            int tokens, int context, Integer trained, int suggestion, Where where, boolean canCompact) {
        // A larger num_ctx helps only when it holds the input: capped at the trained context, it may not.
        boolean canGrow = suggestion > context && suggestion > tokens;
        String cut =
                switch (where) {
                    case CHAT -> "start the chat with --truncate to let Ollama cut";
                    default -> "--truncate lets Ollama cut the start";
                };
        StringBuilder fixes = new StringBuilder();
        if (canGrow) {
            fixes.append(numCtx(where, suggestion)).append(" makes room");
        } else {
            fixes.append(
                    trained != null
                            ? "the model holds at most " + trained + " tokens: shorten the input"
                            : "shorten the input");
        }
        if (where == Where.CHAT && canCompact) {
            fixes.append(", /compact summarises the older turns");
        }
        return fixes.append(", or ").append(cut).toString();
    }
}
