package dev.jollama.core.chat;

import dev.jollama.core.daemon.ChatMessage;
import dev.jollama.core.daemon.ChatRequest;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.daemon.ToolCall;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.http.Cancellation;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /compact}: the model summarises the older turns, and the summary is sent in their place from
 * then on ({@link Conversation#summarise}); the last exchanges go on verbatim. The turns to summarise
 * go to the model as a transcript in one user message under {@link #PROMPT}, in as many requests as
 * the context needs: each gets the summary so far and the next turns that fit, and answers the summary
 * of both, in at most a quarter of the context ({@code num_predict}). Nothing changes until the last
 * summary has arrived, and a summary no shorter than what it would replace is refused: a failure
 * leaves the conversation as it was.
 */
public final class Compaction {

    /** The instructions of every summary request, sent as its system message. */
    public static final String PROMPT =
            """
            You condense conversations. Summarise the conversation you are given so that it can go on \
            without it: what the user wants and asked, the facts, names, numbers, decisions, code, \
            commands and file names that matter, what was answered, and what is still open. Keep what a \
            later question could depend on; leave out greetings and repetition. Write plain notes in the \
            conversation's language, with no preamble and nothing addressed to the user.""";

    /** The most of one tool result that goes into a transcript: a summary needs its gist. */
    static final int MAX_TOOL_RESULT_CHARS = 2000;

    /**
     * What a compaction did.
     *
     * @param turns how many more turns the summary now stands in for
     * @param summaryTokens the summary's estimated size
     */
    public record Result(int turns, int summaryTokens) {}

    private Compaction() {}

    /**
     * Summarises the turns after the current summary up to the last {@code keep} exchanges (a question
     * and what answered it); returns null when there is nothing older than those to summarise.
     *
     * @param contextSize the context each summary request must fit, with {@code reserve} left for its answer
     */
    public static Result run(
            ChatService service,
            Conversation conversation,
            int keep,
            int contextSize,
            int reserve,
            Cancellation cancellation) {
        List<Turn> turns = conversation.turns();
        int start = conversation.summarised();
        int keepFrom = keepFrom(turns, start, keep);
        if (keepFrom <= start) {
            return null;
        }
        List<String> entries = new ArrayList<>();
        for (int i = start; i < keepFrom; i++) {
            String entry = entry(turns.get(i));
            if (entry != null) {
                entries.add(entry);
            }
        }
        int budget = Math.max(256, contextSize - reserve - ContextWindow.estimateTokens(PROMPT) - 64);
        int longest = Math.max(64, Math.min(reserve, contextSize / 4)); // num_predict of each summary
        String summary = conversation.summary();
        int replaced = summary == null ? 0 : ContextWindow.estimateTokens(summary);
        for (String entry : entries) {
            replaced += ContextWindow.estimateTokens(entry);
        }
        int next = 0;
        do {
            StringBuilder body = new StringBuilder();
            if (summary != null) {
                body.append("Summary of what came before:\n").append(summary).append("\n\n");
            }
            body.append("Conversation to summarise:\n\n");
            int added = 0;
            while (next < entries.size()) {
                String entry = entries.get(next);
                int room = budget - ContextWindow.estimateTokens(body.toString());
                if (ContextWindow.estimateTokens(entry) > room) {
                    if (added > 0) {
                        break; // the next request takes it
                    }
                    entry = shortened(entry, Math.max(64, room) * 4);
                }
                body.append(entry).append("\n\n");
                added++;
                next++;
            }
            summary =
                    summarise(service, conversation.settings(), body.toString().strip(), longest, cancellation);
        } while (next < entries.size());
        if (ContextWindow.estimateTokens(summary) >= replaced) {
            throw new InvalidInputException("the model's summary is no shorter than the turns it would replace");
        }
        conversation.summarise(keepFrom, summary);
        return new Result(keepFrom - start, ContextWindow.estimateTokens(summary));
    }

    /** Where the last {@code keep} exchanges start (at a question), or {@code start} when there are no more. */
    static int keepFrom(List<Turn> turns, int start, int keep) {
        int found = 0;
        for (int i = turns.size() - 1; i > start; i--) {
            Turn t = turns.get(i);
            if (t.isUser() && (!t.isUnanswered() || i == turns.size() - 1)) {
                found++;
                if (found == keep) {
                    return i;
                }
            }
        }
        return start;
    }

    /** One turn as a transcript line; null for a question that got no answer (never context). */
    static String entry(Turn t) {
        if (t.isUnanswered()) {
            return null;
        }
        String images = t.images() == null ? "" : " [" + t.images().size() + " image(s)]";
        String content = t.content() == null ? "" : t.content().strip();
        return switch (t.role()) {
            case "user" -> "User" + images + ": " + content;
            case "tool" -> "Tool " + t.toolName() + " returned: " + shortened(content, MAX_TOOL_RESULT_CHARS);
            case "system" -> "System: " + content;
            default -> {
                StringBuilder line = new StringBuilder("Assistant");
                if (t.interrupted()) {
                    line.append(" (interrupted)");
                }
                line.append(": ").append(content);
                if (t.toolCalls() != null) {
                    for (ToolCall call : t.toolCalls()) {
                        line.append(content.isEmpty() ? "" : " ")
                                .append("[called ")
                                .append(call.name())
                                .append(' ')
                                .append(call.rawArguments() == null ? "{}" : call.rawArguments())
                                .append(']');
                    }
                }
                yield line.toString();
            }
        };
    }

    private static String shortened(String text, int chars) {
        if (text.length() <= chars) {
            return text;
        }
        int half = Math.max(1, chars / 2 - 40);
        return text.substring(0, half) + " […" + (text.length() - 2 * half) + " characters left out…] "
                + text.substring(text.length() - half);
    }

    private static String summarise(
            ChatService service, ChatSettings s, String body, int longest, Cancellation cancellation) {
        java.util.Map<String, Object> options = new java.util.LinkedHashMap<>(s.options());
        options.put("num_predict", longest); // a summary that could not fit beside the kept turns is none
        ChatRequest request = new ChatRequest(
                s.model(),
                List.of(ChatMessage.system(PROMPT), new ChatMessage("user", body, null, null)),
                options,
                null,
                s.think(),
                s.keepAlive(),
                false,
                null,
                s.truncate() ? null : Boolean.FALSE,
                null);
        Completion done = service.daemon().chat(request, StreamListener.IGNORE, cancellation);
        String summary = done.content() == null ? "" : done.content().strip();
        if (summary.isEmpty()) {
            throw new InvalidInputException("the model gave an empty summary: nothing was compacted");
        }
        return summary;
    }
}
