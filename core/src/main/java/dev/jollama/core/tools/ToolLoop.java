package dev.jollama.core.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jollama.core.chat.ChatService;
import dev.jollama.core.chat.Conversation;
import dev.jollama.core.chat.Turn;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.daemon.ToolCall;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.http.Cancellation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Model → calls → results → model, until the model answers without asking for tools or
 * {@code maxSteps} rounds have run. Several calls of one answer run in order; each is shown and
 * decided by the {@link ToolPolicy} before it runs; a tool's failure, an unknown tool or malformed
 * arguments go back to the model as that call's result, never as a crash. A refusal (exit 6), a
 * cancel (Ctrl-C during a tool or an answer) or a failed answer leaves the conversation as it was
 * before the question, the question marked — the same rule as a turn without tools.
 */
public final class ToolLoop {

    /** The most calls of one answer that are run; the rest are answered "not run". */
    public static final int MAX_CALLS_PER_ANSWER = 64;

    /** The most of a result sent back to the model. */
    public static final int MAX_RESULT_CHARS = 256 * 1024;

    /** What a front end shows while the loop runs (stderr, or the chat's screen). */
    public interface Observer {

        /** A call is about to be decided (an allowed one runs at once). */
        default void calling(ToolCall call, ToolPreview preview) {}

        /** A call ended (or was denied, or could not run). */
        default void result(Step step) {}
    }

    /** One call as it went: what was asked, how it was decided, what it gave back. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(
            String name,
            String id,
            JsonNode arguments,
            String approval,
            String result,
            boolean error,
            long durationMs) {}

    /** The final answer, with the calls made on the way ({@code --json}: the answer's fields and tool_calls). */
    public record Answer(
            @JsonUnwrapped Completion completion, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Step> toolCalls) {}

    private final ChatService chat;
    private final ToolSet tools;
    private final ToolPolicy policy;
    private final int maxSteps;
    private final Observer observer;

    public ToolLoop(ChatService chat, ToolSet tools, ToolPolicy policy, int maxSteps, Observer observer) {
        if (maxSteps < 1) {
            throw new InvalidInputException("--max-steps wants at least 1, not " + maxSteps);
        }
        this.chat = chat;
        this.tools = tools;
        this.policy = policy;
        this.maxSteps = maxSteps;
        this.observer = observer;
    }

    public ToolSet tools() {
        return tools;
    }

    public ToolPolicy policy() {
        return policy;
    }

    /**
     * Refuses, before anything is sent, a model whose {@code /api/show} capabilities do not list
     * {@code tools}. An engine that cannot say (OpenAI-compatible) is let through: it answers for itself.
     */
    public static void requireToolsCapability(OllamaDaemon daemon, String model) {
        dev.jollama.core.daemon.Capabilities.requireTools(daemon, model);
    }

    /** Adds {@code text} as the user's turn and runs the loop to the final answer. */
    public Answer ask(
            Conversation conversation,
            String text,
            List<String> images,
            boolean stream,
            StreamListener listener,
            Cancellation cancellation) {
        conversation.add(Turn.user(text, images, chat.clock().instant()));
        return answer(conversation, stream, listener, cancellation);
    }

    /** This loop as a chat's answerer: streamed, the calls kept in the conversation. */
    public dev.jollama.core.chat.Answerer answerer() {
        return (conversation, listener, cancellation) ->
                answer(conversation, true, listener, cancellation).completion();
    }

    /** Runs the loop on the conversation as it stands (its last turn is the user's). */
    public Answer answer(
            Conversation conversation, boolean stream, StreamListener listener, Cancellation cancellation) {
        int question = conversation.turns().size() - 1;
        List<Step> steps = new ArrayList<>();
        try {
            for (int round = 0; ; round++) {
                Completion done = stream
                        ? chat.answer(conversation, tools.specs(), listener, cancellation)
                        : chat.answerWhole(conversation, tools.specs(), cancellation);
                if (!done.hasToolCalls()) {
                    return new Answer(done, steps);
                }
                if (round >= maxSteps) {
                    throw new ToolStepsException(maxSteps);
                }
                List<ToolCall> calls = done.toolCalls();
                for (int i = 0; i < calls.size(); i++) {
                    ToolCall call = calls.get(i);
                    Step step = i < MAX_CALLS_PER_ANSWER
                            ? run(call, cancellation)
                            : new Step(
                                    call.name(),
                                    call.id(),
                                    call.arguments(),
                                    null,
                                    "not run: at most " + MAX_CALLS_PER_ANSWER + " calls of one answer run",
                                    true,
                                    0);
                    steps.add(step);
                    conversation.add(Turn.toolResult(
                            call,
                            step.result(),
                            new Turn.ToolOutcome(step.approval(), step.error(), step.durationMs()),
                            chat.clock().instant()));
                    observer.result(step);
                }
            }
        } catch (CancelledException e) {
            rollBack(conversation, question, true);
            throw e;
        } catch (RuntimeException e) {
            rollBack(conversation, question, false);
            throw e;
        }
    }

    private Step run(ToolCall call, Cancellation cancellation) {
        Tool tool = tools.get(call.name());
        if (tool == null) {
            return failed(
                    call,
                    "there is no tool named " + quoted(call.name()) + " here; the tools are: "
                            + String.join(
                                    ", ",
                                    tools.enabled().stream().map(Tool::name).toList()));
        }
        if (!call.argumentsValid()) {
            return failed(
                    call,
                    "the arguments of " + call.name() + " are not a JSON object: "
                            + quoted(call.rawArguments() == null ? "(none)" : call.rawArguments()));
        }
        ToolPreview preview;
        try {
            preview = tool.preview(call.arguments());
        } catch (RuntimeException e) {
            return failed(call, call.name() + " cannot take these arguments: " + e.getMessage());
        }
        observer.calling(call, preview);
        ToolPolicy.Approval approval = policy.decide(call, preview);
        if (approval == ToolPolicy.Approval.DENIED) {
            return new Step(
                    call.name(),
                    call.id(),
                    call.arguments(),
                    approval.shown(),
                    "the user denied this call: it did not run",
                    true,
                    0);
        }
        if (cancellation.isCancelled()) {
            throw new CancelledException();
        }
        Instant start = chat.clock().instant();
        ToolResult result;
        try {
            result = tool.call(call.arguments(), cancellation);
        } catch (CancelledException e) {
            throw e;
        } catch (JollamaException e) {
            result = ToolResult.error(e.getMessage());
        } catch (RuntimeException e) {
            result = ToolResult.error(call.name() + " failed: " + e);
        }
        if (cancellation.isCancelled()) {
            throw new CancelledException();
        }
        long millis = Duration.between(start, chat.clock().instant()).toMillis();
        String content = result.content() == null ? "" : result.content();
        if (content.length() > MAX_RESULT_CHARS) {
            content = content.substring(0, MAX_RESULT_CHARS) + "\n[cut: the result was " + content.length()
                    + " characters; the first " + MAX_RESULT_CHARS + " are here]";
        }
        return new Step(call.name(), call.id(), call.arguments(), approval.shown(), content, result.error(), millis);
    }

    private static Step failed(ToolCall call, String why) {
        return new Step(call.name(), call.id(), call.arguments(), null, why, true, 0);
    }

    /** What the model sent, quoted and cut: a hostile model's 10 MB name is not echoed whole. */
    static String quoted(String text) {
        String cut = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        return "'" + cut + "'";
    }

    /** Leaves the conversation as it was before the question, the question marked. */
    private static void rollBack(Conversation conversation, int question, boolean interrupted) {
        if (question < 0 || question >= conversation.turns().size()) {
            return;
        }
        while (conversation.turns().size() > question + 1) {
            conversation.removeLast();
        }
        Turn asked = conversation.last();
        conversation.replaceLast(
                interrupted
                        ? asked.asPending().asInterrupted()
                        : asked.asPending().asFailed());
    }
}
