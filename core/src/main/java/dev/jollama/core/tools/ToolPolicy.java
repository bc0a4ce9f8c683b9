package dev.jollama.core.tools;

import dev.jollama.core.daemon.ToolCall;
import dev.jollama.core.error.ToolRefusedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who lets a call run. A call named by {@code --allow} (or a profile's {@code "allow"}) runs; one the
 * user said "always" to this session runs; otherwise the user is asked — and when there is nobody to
 * ask (a script, a pipe, batch) nothing runs: the call is refused with {@link ToolRefusedException},
 * exit 6. Fails closed: no terminal and no allowance is a refusal, never a yes.
 */
public final class ToolPolicy {

    /** How a call came to run, or not: shown on stderr and kept with the call. */
    public enum Approval {
        ALLOWED("allowed by --allow"),
        ALLOWED_IN_CHAT("allowed by /allow"),
        ALWAYS("allowed always this session"),
        APPROVED("approved"),
        DENIED("denied");

        private final String shown;

        Approval(String shown) {
            this.shown = shown;
        }

        public String shown() {
            return shown;
        }
    }

    private final List<Pattern> allowed = new ArrayList<>();
    private final List<Pattern> allowedInChat = new ArrayList<>();
    private final List<String> allowedText = new ArrayList<>();
    private final Approver approver;
    private final Set<String> always = new HashSet<>();

    /**
     * @param allow tool names or globs ({@code fs__*}, {@code *}) that run without asking
     * @param approver who to ask, or null when there is no terminal
     */
    public ToolPolicy(List<String> allow, Approver approver) {
        for (String glob : allow) {
            allowed.add(Glob.of(glob));
            allowedText.add(glob);
        }
        this.approver = approver;
    }

    /** {@code /allow NAME} in a chat: like {@code --allow}, from now on. */
    public void allow(String glob) {
        allowedInChat.add(Glob.of(glob));
        allowedText.add(glob);
    }

    /** The globs allowed so far, as given. */
    public List<String> allowed() {
        return List.copyOf(allowedText);
    }

    /** Whether anybody can be asked: with nobody, a call not allowed is refused. */
    public boolean canAsk() {
        return approver != null;
    }

    /** True when {@code tool} runs without asking. */
    public boolean isAllowed(String tool) {
        return matches(allowed, tool) || matches(allowedInChat, tool);
    }

    private static boolean matches(List<Pattern> globs, String tool) {
        return globs.stream().anyMatch(p -> p.matcher(tool).matches());
    }

    /**
     * Decides one call: runs it, or says it was denied.
     *
     * @throws ToolRefusedException when it is not allowed and nobody can be asked
     */
    public Approval decide(ToolCall call, ToolPreview preview) {
        if (matches(allowed, call.name())) {
            return Approval.ALLOWED;
        }
        if (matches(allowedInChat, call.name())) {
            return Approval.ALLOWED_IN_CHAT;
        }
        if (always.contains(preview.alwaysKey())) {
            return Approval.ALWAYS;
        }
        if (approver == null) {
            throw new ToolRefusedException(
                    call.name(),
                    "the model asked to run " + preview.summary() + ", and there is no terminal to ask: refused, it"
                            + " did not run (--allow " + call.name() + " lets it run)");
        }
        return switch (approver.ask(call, preview)) {
            case YES -> Approval.APPROVED;
            case ALWAYS -> {
                always.add(preview.alwaysKey());
                yield Approval.APPROVED;
            }
            case NO -> Approval.DENIED;
        };
    }
}
