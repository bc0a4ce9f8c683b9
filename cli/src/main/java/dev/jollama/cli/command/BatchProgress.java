package dev.jollama.cli.command;

import dev.jollama.cli.render.Console;
import dev.jollama.core.batch.BatchRunner;
import java.time.Clock;
import java.util.Locale;

/**
 * The batch's one progress line on a terminal's stderr, redrawn four times a second: done of total,
 * failures, rate and time left. Never on a pipe: scripts read stderr for errors.
 */
final class BatchProgress {

    private final Console console;
    private final BatchRunner runner;
    private final long total;
    private final Clock clock;
    private Thread ticker;
    private long started;

    /** {@code total}: the items in the input, or -1 when it is stdin and not known in advance. */
    BatchProgress(Console console, BatchRunner runner, long total, Clock clock) {
        this.console = console;
        this.runner = runner;
        this.total = total;
        this.clock = clock;
    }

    void start() {
        started = clock.millis();
        ticker = new Thread(
                () -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            Thread.sleep(250);
                            console.errPrint("\r" + line() + "\u001b[K");
                        }
                    } catch (InterruptedException e) {
                        // finished
                    }
                },
                "jollama-batch-progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** Erases the line, so that a message starts at the left edge. */
    void clear() {
        console.errPrint("\r\u001b[K");
    }

    void finish() throws InterruptedException {
        ticker.interrupt();
        ticker.join();
        console.errPrint("\r\u001b[K");
    }

    String line() {
        BatchRunner.Counts c = runner.counts();
        long done = c.answered() + c.failed();
        double seconds = Math.max(0.001, (clock.millis() - started) / 1000.0);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder("batch: ").append(done + c.skipped());
        if (total >= 0) {
            line.append('/').append(total);
        }
        line.append(" done");
        if (c.skipped() > 0) {
            line.append(" (").append(c.skipped()).append(" from before)");
        }
        if (c.failed() > 0) {
            line.append(", ").append(c.failed()).append(" failed");
        }
        line.append(String.format(Locale.ROOT, ", %.1f/s", rate));
        if (total >= 0 && rate > 0) {
            long left = Math.max(0, total - done - c.skipped());
            line.append(", ETA ").append(eta((long) Math.ceil(left / rate)));
        }
        if (runner.wasStopped()) {
            line.append(" — stopping");
        }
        return line.toString();
    }

    private static String eta(long seconds) {
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }
}
