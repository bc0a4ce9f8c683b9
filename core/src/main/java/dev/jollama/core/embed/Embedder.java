package dev.jollama.core.embed;

import dev.jollama.core.daemon.Capabilities;
import dev.jollama.core.daemon.EmbedRequest;
import dev.jollama.core.daemon.EmbedResult;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.http.Cancellation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Turns a stream of texts into vectors through {@code /api/embed}, in batches, in order. A batch goes
 * when it holds {@link #MAX_BATCH_INPUTS} texts or {@link #MAX_BATCH_CHARS} characters, or as soon as
 * no more input is waiting, so a slow pipe gets each vector as its line comes; only one batch is held
 * at a time. An empty text is never sent (Ollama answers it with no vector at all): it gets an empty
 * vector, so there is still exactly one result per input.
 */
public final class Embedder {

    public static final int MAX_BATCH_INPUTS = 64;
    public static final int MAX_BATCH_CHARS = 1024 * 1024;

    private static final float[] EMPTY = new float[0];

    /** Where the texts come from, one after another. */
    public interface Inputs {

        /** The next text, or null at the end. */
        String next() throws IOException;

        /** True when the next text can be had without waiting for it. */
        default boolean ready() {
            return true;
        }
    }

    /** Where the vectors go: one per input, in input order. */
    public interface Sink {

        void accept(String input, float[] embedding);

        /** After each batch: the moment to flush what was written. */
        default void batchDone() {}
    }

    /**
     * What all the batches came to: inputs, requests sent, the vectors' length (null when no text was
     * sent), and the daemon's counters summed over the requests.
     */
    public record Totals(
            int inputs,
            int requests,
            Integer dimensions,
            long promptEvalCount,
            long totalDuration,
            long loadDuration) {}

    private final OllamaDaemon daemon;
    private final int maxInputs;
    private final int maxChars;

    public Embedder(OllamaDaemon daemon) {
        this(daemon, MAX_BATCH_INPUTS, MAX_BATCH_CHARS);
    }

    public Embedder(OllamaDaemon daemon, int maxInputs, int maxChars) {
        this.daemon = daemon;
        this.maxInputs = maxInputs;
        this.maxChars = maxChars;
    }

    /**
     * Embeds every text of {@code inputs} with the settings of {@code request} (its own input is
     * ignored). When an input cannot be read (too long, not UTF-8), the texts before it are still
     * embedded and given to {@code sink} before its error is thrown. A model whose capabilities do not
     * list embedding is refused before any input is read or sent.
     */
    /** Where each embed is logged, as a count ({@code jollama logs}); off unless set. */
    public Embedder logTo(dev.jollama.core.chat.ExchangeLogging logging) {
        this.logging = logging;
        return this;
    }

    private dev.jollama.core.chat.ExchangeLogging logging = dev.jollama.core.chat.ExchangeLogging.OFF;

    public Totals embed(EmbedRequest request, Inputs inputs, Sink sink, Cancellation cancellation) throws IOException {
        long start = System.nanoTime();
        int[] sent = new int[1];
        try {
            Totals totals = embedAll(request, inputs, sink, cancellation, sent);
            logging.embedded(
                    request.model(),
                    request.options(),
                    totals.inputs(),
                    totals.promptEvalCount(),
                    System.nanoTime() - start,
                    null);
            return totals;
        } catch (RuntimeException e) {
            logging.embedded(request.model(), request.options(), sent[0], null, System.nanoTime() - start, e);
            throw e;
        }
    }

    private Totals embedAll(EmbedRequest request, Inputs inputs, Sink sink, Cancellation cancellation, int[] sent)
            throws IOException {
        if (cancellation.isCancelled()) {
            throw new CancelledException();
        }
        Capabilities.requireEmbedding(daemon, request.model());
        Run run = new Run(request, sink, cancellation, sent);
        List<String> batch = new ArrayList<>();
        long chars = 0;
        while (true) {
            String text;
            try {
                text = inputs.next();
            } catch (IOException | RuntimeException unreadable) {
                try {
                    run.send(batch);
                } catch (RuntimeException earlier) {
                    earlier.addSuppressed(unreadable); // the batch came first in the input
                    throw earlier;
                }
                throw unreadable;
            }
            if (text == null) {
                break;
            }
            batch.add(text);
            chars += text.length();
            if (batch.size() >= maxInputs || chars >= maxChars || !inputs.ready()) {
                run.send(batch);
                batch.clear();
                chars = 0;
            }
        }
        run.send(batch);
        return run.totals();
    }

    /** One call of {@link #embed}: its position in the inputs and its running sums. */
    private final class Run {
        private final EmbedRequest request;
        private final Sink sink;
        private final Cancellation cancellation;
        private int inputs;
        private int requests;
        private Integer dimensions;
        private long tokens;
        private long total;
        private long load;

        private final int[] sent;

        Run(EmbedRequest request, Sink sink, Cancellation cancellation, int[] sent) {
            this.sent = sent;
            this.request = request;
            this.sink = sink;
            this.cancellation = cancellation;
        }

        void send(List<String> batch) {
            if (batch.isEmpty()) {
                return;
            }
            List<String> texts = batch.stream().filter(t -> !t.isEmpty()).toList();
            List<float[]> vectors = List.of();
            if (!texts.isEmpty()) {
                if (cancellation.isCancelled()) {
                    throw new CancelledException();
                }
                EmbedResult result;
                try {
                    result = daemon.embed(request.withInput(texts), cancellation);
                } catch (DaemonErrorException e) {
                    throw located(e, inputs + 1, inputs + batch.size());
                }
                requests++;
                vectors = result.embeddings();
                tokens += result.promptEvalCount();
                total += result.totalDuration();
                load += result.loadDuration();
                if (dimensions == null && !vectors.isEmpty()) {
                    dimensions = vectors.get(0).length;
                }
            }
            Iterator<float[]> next = vectors.iterator();
            for (String text : batch) {
                sink.accept(text, text.isEmpty() ? EMPTY : next.next());
            }
            inputs += batch.size();
            sent[0] = inputs;
            sink.batchDone();
        }

        Totals totals() {
            return new Totals(inputs, requests, dimensions, tokens, total, load);
        }
    }

    /** The daemon's refusal of a batch, with which inputs were in it: it does not say which one failed. */
    private static DaemonErrorException located(DaemonErrorException e, int first, int last) {
        if (e.status() != 400) {
            return e;
        }
        String which = first == last ? "input " + first : "inputs " + first + "–" + last;
        String fix = e.daemonMessage().contains("context length")
                ? ": shorten the long ones or raise num_ctx; with truncation on, Ollama cuts them to fit"
                : "";
        return new DaemonErrorException(e.status(), e.daemonMessage(), " (in " + which + fix + ")");
    }
}
