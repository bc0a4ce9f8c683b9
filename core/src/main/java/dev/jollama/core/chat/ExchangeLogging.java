package dev.jollama.core.chat;

import dev.jollama.core.daemon.ChatMessage;
import dev.jollama.core.daemon.ChatRequest;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.store.LogEntry;
import dev.jollama.core.store.Recorder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a command's requests are logged as: the command ({@code run}, {@code chat}…), where they go,
 * and for a chat its name, read when the entry is written (a chat gets its name at its first save).
 * Each request is one entry, its answer or its failure; a chat's turn is logged with the prompt only,
 * its earlier turns being in the chat.
 */
public final class ExchangeLogging {

    public static final ExchangeLogging OFF = new ExchangeLogging(Recorder.OFF, null, null, null, Clock.systemUTC());

    private final Recorder recorder;
    private final String command;
    private final String host;
    private final String engine;
    private final Clock clock;
    private Supplier<String> chat = () -> null;

    public ExchangeLogging(Recorder recorder, String command, String host, String engine, Clock clock) {
        this.recorder = recorder;
        this.command = command;
        this.host = host;
        this.engine = engine;
        this.clock = clock;
    }

    public Recorder recorder() {
        return recorder;
    }

    /** The saved chat the turns belong to, asked for at each entry. */
    public ExchangeLogging chat(Supplier<String> name) {
        if (this != OFF) {
            this.chat = name;
        }
        return this;
    }

    void answered(ChatSettings settings, ChatRequest request, Completion done, long nanos) {
        if (recorder == Recorder.OFF) {
            return;
        }
        List<ChatMessage> tools = toolMessages(request);
        if (done.hasToolCalls()) {
            tools.add(ChatMessage.assistant(done.content(), null, done.toolCalls()));
        }
        recorder.record(entry(
                settings,
                request,
                done.content(),
                done.thinking(),
                tools,
                done.promptEvalCount(),
                done.evalCount(),
                nanos,
                0,
                null));
    }

    void failed(ChatSettings settings, ChatRequest request, RuntimeException e, long nanos) {
        if (recorder == Recorder.OFF || e instanceof dev.jollama.core.error.CancelledException) {
            // Stopped by the user (Ctrl-C, SIGTERM): the process is on its way out, and a wait for the
            // database here would hold up what it prints last. Not logged.
            return;
        }
        recorder.record(entry(
                settings,
                request,
                null,
                null,
                toolMessages(request),
                null,
                null,
                nanos,
                ExitCode.of(e).code(),
                e.getMessage()));
    }

    /** A batch item answered (a generate request: its prompt, system prompt and options, no turns). */
    public void generated(dev.jollama.core.daemon.GenerateRequest request, Completion done, long nanos) {
        if (recorder == Recorder.OFF) {
            return;
        }
        recorder.record(single(
                request, done.content(), done.thinking(), done.promptEvalCount(), done.evalCount(), nanos, 0, null));
    }

    /** A batch item that failed (not one stopped by the user: see {@link #failed}). */
    public void generateFailed(dev.jollama.core.daemon.GenerateRequest request, RuntimeException e, long nanos) {
        if (recorder == Recorder.OFF || e instanceof dev.jollama.core.error.CancelledException) {
            return;
        }
        recorder.record(
                single(request, null, null, null, null, nanos, ExitCode.of(e).code(), e.getMessage()));
    }

    /**
     * An {@code embed}: the model, how many inputs and how many tokens they were; never their text,
     * which is often a whole corpus and would double the database for nothing a search could use.
     */
    public void embedded(
            String model,
            java.util.Map<String, Object> options,
            int inputs,
            Long tokens,
            long nanos,
            RuntimeException error) {
        if (recorder == Recorder.OFF || error instanceof dev.jollama.core.error.CancelledException) {
            return;
        }
        recorder.record(new LogEntry(
                null,
                clock.instant(),
                command,
                host,
                engine,
                model,
                null,
                null,
                options,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                tokens == null ? null : (int) Math.min(Integer.MAX_VALUE, tokens),
                null,
                nanos / 1_000_000,
                error == null ? 0 : ExitCode.of(error).code(),
                error == null ? null : error.getMessage(),
                inputs));
    }

    private LogEntry single(
            dev.jollama.core.daemon.GenerateRequest request,
            String answer,
            String thinking,
            Integer promptTokens,
            Integer answerTokens,
            long nanos,
            int exit,
            String error) {
        return new LogEntry(
                null,
                clock.instant(),
                command,
                host,
                engine,
                request.model(),
                null,
                request.system(),
                request.options(),
                request.prompt(),
                List.of(),
                null,
                answer,
                thinking,
                null,
                promptTokens,
                answerTokens,
                nanos / 1_000_000,
                exit,
                error,
                null);
    }

    private LogEntry entry(
            ChatSettings settings,
            ChatRequest request,
            String answer,
            String thinking,
            List<ChatMessage> tools,
            Integer promptTokens,
            Integer answerTokens,
            long nanos,
            int exit,
            String error) {
        String chatName = chat.get();
        List<ChatMessage> sent = request.messages();
        String prompt = null;
        for (int i = sent.size() - 1; i >= 0 && prompt == null; i--) {
            if ("user".equals(sent.get(i).role())) {
                prompt = sent.get(i).content();
            }
        }
        return new LogEntry(
                null,
                clock.instant(),
                command,
                host,
                engine,
                request.model(),
                settings.profile(),
                settings.system(),
                request.options(),
                prompt,
                // A chat's turns are in the chat: the entry points at it rather than copying them.
                chatName != null ? List.of() : sent,
                chatName,
                answer,
                thinking,
                tools.isEmpty() ? null : dev.jollama.core.store.ExchangeLog.json(tools),
                promptTokens,
                answerTokens,
                nanos / 1_000_000,
                exit,
                error,
                null);
    }

    /** The tool calls and results after the last user message: this round of the tool loop. */
    private static List<ChatMessage> toolMessages(ChatRequest request) {
        List<ChatMessage> sent = request.messages();
        int last = sent.size() - 1;
        while (last >= 0 && !"user".equals(sent.get(last).role())) {
            last--;
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = last + 1; i < sent.size(); i++) {
            ChatMessage m = sent.get(i);
            if ("tool".equals(m.role()) || m.toolCalls() != null) {
                out.add(m);
            }
        }
        return out;
    }
}
