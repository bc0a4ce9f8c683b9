package dev.jollama.core.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jollama.core.chat.ChatService;
import dev.jollama.core.chat.ChatSettings;
import dev.jollama.core.chat.ContextGuard;
import dev.jollama.core.chat.Conversation;
import dev.jollama.core.daemon.Capabilities;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.GenerateRequest;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.ContextOverflowException;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.hosts.FailoverDaemon;
import dev.jollama.core.hosts.HostPool;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.json.Json;
import dev.jollama.core.tools.ToolLoop;
import dev.jollama.core.tools.ToolPolicy;
import dev.jollama.core.tools.ToolSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a batch of prompts, {@code concurrency} at a time, each to the host with most free slots, and
 * writes one result line per item. An item's failure is its error line, never the batch's end. Memory
 * stays flat whatever the input's length: the input is read only as far as a window of items ahead of
 * the output (in-flight plus, with {@code ordered}, those waiting for an earlier one).
 *
 * <p>{@link #stop()} sends nothing more and lets the items in flight finish; {@link #cancel()} also
 * cancels those. A cancelled item writes nothing, so a resumed run sends it again.
 */
public final class BatchRunner {

    /**
     * What every item shares: the model, the profile's system prompt and options, the keep-alive, and
     * whether Ollama may cut an input longer than the context ({@code truncate}; otherwise each item
     * says {@code "truncate": false} and such an input is that item's error, exit_code 2).
     */
    public record Settings(
            String model,
            String system,
            Map<String, Object> options,
            String keepAlive,
            int concurrency,
            boolean ordered,
            boolean truncate) {

        public Settings(
                String model,
                String system,
                Map<String, Object> options,
                String keepAlive,
                int concurrency,
                boolean ordered) {
            this(model, system, options, keepAlive, concurrency, ordered, false);
        }
    }

    /** Counters for a progress line; read while the batch runs. */
    public record Counts(long read, long answered, long failed, long skipped) {}

    private final FailoverDaemon daemon;
    private final Settings settings;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong truncated = new AtomicLong();
    private final Set<Cancellation> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;
    private volatile boolean cancelled;
    /** The refusal of images, once the model's capabilities were read: they do not change during a batch. */
    private InvalidInputException noVision;

    private boolean visionChecked;

    /**
     * The tools every item may use, under the rules of a command with no terminal: a call runs only if
     * the policy allows it, and a refused call is that item's error (exit_code 6).
     */
    public record Tools(ToolSet set, ToolPolicy policy, int maxSteps) {}

    private final Tools tools;
    private volatile java.util.function.Consumer<String> warnings = line -> {};
    private final java.util.concurrent.atomic.AtomicBoolean cutWarned = new java.util.concurrent.atomic.AtomicBoolean();

    /** Each failed item's error line carries the exit code `run` would give it ({@link ExitCode#of}). */
    public BatchRunner(FailoverDaemon daemon, Settings settings) {
        this(daemon, settings, null);
    }

    /** With {@code tools} (or null): each item is a chat that may call them. */
    public BatchRunner(FailoverDaemon daemon, Settings settings, Tools tools) {
        if (tools != null && tools.policy().canAsk()) {
            throw new IllegalArgumentException("a batch has nobody to ask: its tool policy must not ask");
        }
        this.daemon = daemon;
        this.settings = settings;
        this.tools = tools;
    }

    private volatile dev.jollama.core.chat.ExchangeLogging logging = dev.jollama.core.chat.ExchangeLogging.OFF;

    /** Where each item's exchange is logged ({@code jollama logs}); off unless set. */
    public BatchRunner logTo(dev.jollama.core.chat.ExchangeLogging logging) {
        this.logging = logging;
        return this;
    }

    /** Where the batch's one warning about a daemon that cut an input goes (stderr). */
    public BatchRunner warnings(java.util.function.Consumer<String> sink) {
        this.warnings = sink;
        return this;
    }

    public Counts counts() {
        return new Counts(read.get(), answered.get(), failed.get(), skipped.get());
    }

    /**
     * How many answers were longer than what is kept of one (JOLLAMA_MAX_ANSWER): their lines hold the
     * start of the answer and {@code "truncated": true}.
     */
    public long truncatedAnswers() {
        return truncated.get();
    }

    /** Sends nothing more; what is in flight finishes and is written. */
    public void stop() {
        stopped = true;
    }

    /** Sends nothing more and cancels what is in flight (a second Ctrl-C). */
    public void cancel() {
        stopped = true;
        cancelled = true;
        inFlight.forEach(Cancellation::cancel);
    }

    public boolean wasStopped() {
        return stopped;
    }

    /**
     * Runs the batch to its end (or its stop) and returns the final counts. Reading happens on the
     * calling thread; an output failure (the reader of stdout went away) stops the batch and is thrown.
     *
     * @param skip keys of ids already answered (resume)
     */
    public Counts run(BatchInput input, BatchOutput output, Set<String> skip) throws IOException {
        return run(input, output, ResumeFile.Answered.of(skip));
    }

    /**
     * As {@link #run(BatchInput, BatchOutput, Set)}, skipping as many items of an id as it has answers
     * in {@code skip}.
     */
    public Counts run(BatchInput input, BatchOutput output, ResumeFile.Answered skip) throws IOException {
        int workers = Math.max(1, settings.concurrency());
        // How far reading may run ahead of writing: the in-flight items, and in order mode a margin of
        // finished ones waiting for a slow earlier item.
        Semaphore window = new Semaphore(settings.ordered() ? workers * 8 : workers);
        Writer writer = new Writer(output, settings.ordered(), window);
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "jollama-batch");
            t.setDaemon(true);
            return t;
        });
        long sequence = 0;
        try {
            while (!stopped && writer.failure == null) {
                BatchItem item = input.next();
                if (item == null) {
                    break;
                }
                read.incrementAndGet();
                long seq = sequence++;
                if (item.problem() == null && skip.take(item.key())) {
                    skipped.incrementAndGet();
                    writer.skip(seq);
                    continue;
                }
                while (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (stopped) {
                        break;
                    }
                }
                if (stopped) {
                    writer.skip(seq);
                    break;
                }
                pool.execute(() -> {
                    byte[] line = null;
                    try {
                        line = answer(item);
                    } finally {
                        writer.write(seq, line, true);
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
        } finally {
            pool.shutdown();
            awaitQuietly(pool); // the output is the caller's to close (and sync)
        }
        if (writer.failure != null) {
            throw writer.failure;
        }
        return counts();
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                // in-flight items end on their own, or on cancel()
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The item's result line, or null when it was cancelled (nothing is written; a resume sends it). */
    private byte[] answer(BatchItem item) {
        if (item.problem() != null) {
            failed.incrementAndGet();
            return failure(item, item.problem(), ExitCode.USAGE.code());
        }
        Cancellation cancellation = new Cancellation();
        inFlight.add(cancellation);
        if (cancelled) {
            cancellation.cancel();
        }
        try {
            if (item.images() != null && !item.images().isEmpty()) {
                requireVision();
            }
            if (tools != null) {
                return withTools(item, cancellation);
            }
            GenerateRequest request = new GenerateRequest(
                    settings.model(),
                    item.prompt(),
                    item.system() != null ? item.system() : settings.system(),
                    item.images(),
                    options(item),
                    item.format(),
                    null,
                    settings.keepAlive(),
                    true,
                    settings.truncate() ? null : Boolean.FALSE,
                    null);
            HostPool.Answered<Completion> done;
            long start = System.nanoTime();
            try {
                done = daemon.answerUnseen(
                        settings.model(),
                        cancellation,
                        HostPool.Order.LEAST_LOADED,
                        d -> d.generate(request, StreamListener.IGNORE, cancellation));
            } catch (RuntimeException e) {
                RuntimeException told =
                        ContextGuard.isOverflow(e) ? overflow(request.options(), ContextGuard.estimate(request)) : e;
                logging.generateFailed(request, told, System.nanoTime() - start);
                throw told;
            }
            logging.generated(request, done.value(), System.nanoTime() - start);
            answered.incrementAndGet();
            if (!settings.truncate() && !cutWarned.get()) {
                String cut = ContextGuard.cutWarning(
                        daemon,
                        settings.model(),
                        request.options(),
                        ContextGuard.estimate(request),
                        done.value(),
                        ContextOverflowException.Where.BATCH);
                if (cut != null && cutWarned.compareAndSet(false, true)) {
                    warnings.accept("item " + item.id() + ": " + cut + " (said once a batch)");
                }
            }
            return success(item, done.value(), done.host().name());
        } catch (CancelledException e) {
            return null;
        } catch (ContextOverflowException e) {
            failed.incrementAndGet();
            return failure(item, e.oneLine(), ExitCode.of(e).code());
        } catch (JollamaException e) {
            failed.incrementAndGet();
            return failure(item, e.getMessage(), ExitCode.of(e).code());
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            return failure(item, "internal error: " + e, ExitCode.DAEMON_ERROR.code());
        } finally {
            inFlight.remove(cancellation);
        }
    }

    private ContextOverflowException overflow(Map<String, Object> options, int tokens) {
        dev.jollama.core.chat.ContextWindow window;
        try {
            window = ContextGuard.window(daemon, settings.model(), options);
        } catch (JollamaException unknown) {
            window = new dev.jollama.core.chat.ContextWindow(
                    dev.jollama.core.daemon.DefaultContext.SMALL, null, "Ollama's default, assumed", true);
        }
        return ContextGuard.overflow(window, tokens, ContextOverflowException.Where.BATCH, false);
    }

    /**
     * Refuses an item's images when the model's capabilities lack vision (Ollama would drop them without a
     * word), asking the daemon once per batch; a failure to ask is the item's and is asked again next time.
     */
    private synchronized void requireVision() {
        if (!visionChecked) {
            try {
                Capabilities.requireVision(daemon, settings.model(), List.of(""), "an item's \"images\"");
            } catch (InvalidInputException e) {
                noVision = e;
            }
            visionChecked = true;
        }
        if (noVision != null) {
            throw noVision;
        }
    }

    /** An item as a chat with tools: the loop to its final answer, the calls in its result line. */
    private byte[] withTools(BatchItem item, Cancellation cancellation) {
        ChatSettings chat = new ChatSettings(
                null,
                settings.model(),
                item.system() != null ? item.system() : settings.system(),
                options(item),
                item.format(),
                null,
                settings.keepAlive(),
                settings.truncate());
        ToolLoop loop = new ToolLoop(
                new ChatService(daemon, Clock.systemUTC()).logTo(logging),
                tools.set(),
                tools.policy(),
                tools.maxSteps(),
                new ToolLoop.Observer() {});
        ToolLoop.Answer answer = loop.ask(
                new Conversation(chat), item.prompt(), item.images(), false, StreamListener.IGNORE, cancellation);
        answered.incrementAndGet();
        ObjectNode line = (ObjectNode) Json.readTree(success(item, answer.completion(), null));
        if (!answer.toolCalls().isEmpty()) {
            line.set("tool_calls", Json.wire().valueToTree(answer.toolCalls()));
        }
        return bytes(line);
    }

    private Map<String, Object> options(BatchItem item) {
        if (item.options() == null) {
            return settings.options();
        }
        Map<String, Object> merged = new LinkedHashMap<>(settings.options() == null ? Map.of() : settings.options());
        merged.putAll(item.options());
        return merged;
    }

    private byte[] success(BatchItem item, Completion c, String host) {
        ObjectNode line = Json.wire().createObjectNode();
        line.set("id", item.id());
        line.put("response", c.content());
        line.put("model", c.model());
        if (host != null) {
            line.put("host", host);
        }
        line.put("prompt_eval_count", c.promptEvalCount());
        line.put("eval_count", c.evalCount());
        line.put("total_duration", c.totalDuration());
        if (c.wasCut()) {
            line.put("done_reason", c.doneReason());
        }
        if (c.truncated()) {
            // The answer is longer than an item keeps: the line holds its start, and says so.
            line.put("truncated", true);
            truncated.incrementAndGet();
        }
        return bytes(line);
    }

    private static byte[] failure(BatchItem item, String error, int exitCode) {
        ObjectNode line = Json.wire().createObjectNode();
        line.set("id", item.id());
        line.put("error", error);
        line.put("exit_code", exitCode);
        return bytes(line);
    }

    private static byte[] bytes(ObjectNode line) {
        try {
            return (Json.wire().writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes lines as they finish, or in input order holding back those that finish early. */
    private final class Writer {
        private final BatchOutput output;
        private final boolean ordered;
        private final TreeMap<Long, Pending> waiting = new TreeMap<>();
        private final Semaphore window;
        private long next;
        private volatile IOException failure;

        Writer(BatchOutput output, boolean ordered, Semaphore window) {
            this.output = output;
            this.ordered = ordered;
            this.window = window;
        }

        /** An item that writes nothing (skipped, not sent): order mode must not wait for it. */
        synchronized void skip(long seq) {
            write(seq, null, false);
        }

        /**
         * {@code permit}: the item holds a place in the window, given back once its line is out, so a
         * slow early item holds back reading rather than letting finished lines pile up.
         */
        synchronized void write(long seq, byte[] line, boolean permit) {
            if (!ordered) {
                emit(line);
                release(permit);
                return;
            }
            waiting.put(seq, new Pending(line, permit));
            while (!waiting.isEmpty() && waiting.firstKey() == next) {
                Pending p = waiting.pollFirstEntry().getValue();
                emit(p.line());
                release(p.permit());
                next++;
            }
        }

        private void release(boolean permit) {
            if (permit) {
                window.release();
            }
        }

        private void emit(byte[] line) {
            if (line == null || line.length == 0 || failure != null) {
                return;
            }
            try {
                output.write(line);
            } catch (IOException e) {
                failure = e;
                stop();
            }
        }
    }

    private record Pending(byte[] line, boolean permit) {}
}
