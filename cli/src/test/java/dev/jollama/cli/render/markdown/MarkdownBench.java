package dev.jollama.cli.render.markdown;

import dev.jollama.cli.render.AnswerPrinter;
import dev.jollama.cli.render.Console;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of rendering markdown while it streams, beside the plain path, in one run: 100,000 chunks
 * (a word each, a line break every 16, some bold and inline code) through {@link AnswerPrinter} and
 * through {@link MarkdownPrinter}, both writing to a sink that discards. Prints the medians and the
 * ratio. Run: {@code bench/markdown.sh}.
 */
public final class MarkdownBench {

    public static void main(String[] args) {
        int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<String> words = new ArrayList<>(chunks);
        for (int i = 0; i < chunks; i++) {
            words.add(i % 16 == 15 ? "word\n" : i % 7 == 0 ? "**bold** " : i % 11 == 0 ? "`code` " : "word ");
        }
        long[] plain = new long[11];
        long[] markdown = new long[11];
        for (int round = 0; round < plain.length; round++) {
            plain[round] = time(() -> {
                Console console = new Console(sink(), sink(), true, false, true, false);
                AnswerPrinter p = new AnswerPrinter(console, false);
                for (String w : words) {
                    p.onContent(w);
                }
                p.finish();
            });
            markdown[round] = time(() -> {
                Console console = new Console(sink(), sink(), true, false, true, false);
                MarkdownPrinter p = new MarkdownPrinter(
                        MarkdownPrinter.Sink.of(console::writeTrusted, () -> {}), () -> 100, true, true, null);
                for (String w : words) {
                    p.onContent(w);
                }
                p.finish();
            });
        }
        long p = median(plain);
        long m = median(markdown);
        System.out.printf(
                "%d chunks: plain %d ms, markdown %d ms, ratio %.2f (target ≤ 1.5)%n", chunks, p, m, (double) m / p);
    }

    private static PrintWriter sink() {
        return new PrintWriter(Writer.nullWriter());
    }

    private static long time(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
