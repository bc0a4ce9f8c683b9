package dev.jollama.cli.render;

import dev.jollama.core.embed.Embedder;
import java.math.BigDecimal;

/**
 * Vectors on stdout as they come, flushed after each batch: one JSON array per input, one per line, or
 * with {@code --json} one object whose entries are written batch by batch and whose counts come last
 * (docs/json.md). Nothing is written before the first vector, so a request that fails at once leaves
 * stdout empty.
 */
public final class EmbeddingPrinter implements Embedder.Sink {

    private static final String NL = System.lineSeparator();

    private final Console console;
    private final boolean json;
    private final String model;
    private boolean opened;
    private boolean any;

    public EmbeddingPrinter(Console console, boolean json, String model) {
        this.console = console;
        this.json = json;
        this.model = model;
    }

    @Override
    public void accept(String input, float[] embedding) {
        if (!json) {
            console.write(array(embedding) + NL);
            return;
        }
        open();
        console.write((any ? "," + NL : "") + "    {\"input\": " + quote(input) + ", \"embedding\": " + array(embedding)
                + "}");
        any = true;
    }

    @Override
    public void batchDone() {
        console.flush();
    }

    /** Ends the output: with --json the counts, after the last entry. */
    public void finish(Embedder.Totals totals) {
        if (json) {
            open();
            StringBuilder end = new StringBuilder();
            end.append(any ? NL + "  ]," : "],").append(NL);
            end.append("  \"count\": ").append(totals.inputs()).append(',').append(NL);
            if (totals.dimensions() != null) {
                end.append("  \"dimensions\": ")
                        .append(totals.dimensions())
                        .append(',')
                        .append(NL);
            }
            end.append("  \"prompt_eval_count\": ")
                    .append(totals.promptEvalCount())
                    .append(',')
                    .append(NL);
            end.append("  \"total_duration\": ")
                    .append(totals.totalDuration())
                    .append(',')
                    .append(NL);
            end.append("  \"load_duration\": ").append(totals.loadDuration()).append(NL);
            end.append('}').append(NL);
            console.write(end.toString());
        }
        console.flush();
    }

    private void open() {
        if (!opened) {
            console.write("{" + NL + "  \"model\": " + quote(model) + "," + NL + "  \"embeddings\": [" + NL);
            opened = true;
        }
    }

    /** A vector as a compact JSON array, each number the shortest text that reads back the same float. */
    static String array(float[] vector) {
        StringBuilder out = new StringBuilder(vector.length * 12 + 2).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            String number = Float.toString(vector[i]);
            // 1.0E-4 is valid JSON, but the plain 0.0001 is what Ollama itself writes.
            out.append(number.indexOf('E') < 0 ? number : new BigDecimal(number).toPlainString());
        }
        return out.append(']').toString();
    }

    private static String quote(String text) {
        return dev.jollama.core.json.Json.quote(text);
    }
}
