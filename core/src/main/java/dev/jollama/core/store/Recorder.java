package dev.jollama.core.store;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes a command's exchanges to the log without making the command wait for SQLite. Opening it
 * costs a cold JVM 50-100 ms of CPU (the driver's classes, its date formats, the native library),
 * more than a whole {@code run} against a quick daemon; so the database is opened on a daemon thread
 * only once the command has been running for a while ({@code delay}): a command that waits for a
 * real model has it open by the time the answer ends, and writes the entry straight in; one whose
 * answer came first appends the entry to the {@link LogJournal} (a line of JSON, no SQLite) for the
 * next jollama that opens the database to move in. A log that cannot be written costs one warning
 * line, never the answer or the exit code.
 */
public final class Recorder implements AutoCloseable {

    /** A recorder for a command that does not log (--no-log, "log": false): loads and writes nothing. */
    public static final Recorder OFF = new Recorder(null, null, null, false, line -> {});

    private final LogJournal journal;
    private final LogSwitch onOff;
    private final Supplier<Database> open;
    private final Consumer<String> warnings;
    private final CompletableFuture<ExchangeLog> log = new CompletableFuture<>();
    private final CountDownLatch openNow = new CountDownLatch(1);
    private volatile boolean closed;
    private boolean warned;

    private final boolean waits;

    private Recorder(
            LogJournal journal, LogSwitch onOff, Supplier<Database> open, boolean waits, Consumer<String> warnings) {
        this.waits = waits;
        this.journal = journal;
        this.onOff = onOff;
        this.open = open;
        this.warnings = warnings;
    }

    /**
     * A recorder for the database in {@code file}, opened with {@code open} after {@code delay} (or at
     * once when the log is read: {@link #log}); {@code warnings} hears of a log that cannot be written,
     * once.
     */
    public static Recorder start(
            java.nio.file.Path file, Supplier<Database> open, Duration delay, Consumer<String> warnings) {
        return start(file, open, delay, false, warnings);
    }

    /**
     * With {@code waits}, an entry always goes to the database, waiting for it to open: for the chat,
     * which opens it anyway to save the turn, and whose entries must be there when the chat is renamed
     * ({@code /save NEW} takes its entries along).
     */
    public static Recorder start(
            java.nio.file.Path file,
            Supplier<Database> open,
            Duration delay,
            boolean waits,
            Consumer<String> warnings) {
        Recorder r = new Recorder(LogJournal.of(file), ExchangeLog.switchOf(file), open, waits, warnings);
        Thread t = new Thread(
                () -> {
                    try {
                        r.openNow.await(delay.toMillis(), TimeUnit.MILLISECONDS);
                        r.log.complete(r.closed ? null : new ExchangeLog(open.get()));
                    } catch (Throwable e) {
                        r.log.completeExceptionally(e);
                    }
                },
                "jollama-log-open");
        t.setDaemon(true);
        t.start();
        return r;
    }

    /** Whether entries are kept (false for OFF, or after {@code jollama logs off}). */
    public boolean on() {
        return onOff != null && onOff.on();
    }

    /**
     * Keeps {@code entry} unless logging is off: in the database when it is open already, else in the
     * journal. Returns it (with its id when it went to the database), or null when not kept.
     */
    public LogEntry record(LogEntry entry) {
        if (!on()) {
            return null;
        }
        try {
            if (waits) {
                ExchangeLog l = log();
                return l == null ? null : l.add(entry);
            }
            if (log.isDone() && !log.isCompletedExceptionally() && log.join() != null) {
                return log.join().add(entry);
            }
            if (journal.append(entry) > LogJournal.MOVE_IN_AT) {
                log(); // opening moves the journal in: it stays small
            }
            return entry;
        } catch (RuntimeException e) {
            warn(e);
            return null;
        }
    }

    /** The log itself, opened now if it was not (for {@code run --continue}); null when off or not openable. */
    public ExchangeLog log() {
        if (journal == null) {
            return null;
        }
        openNow.countDown();
        try {
            return log.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            warn(e.getCause());
            return null;
        }
    }

    private void warn(Throwable e) {
        if (!warned) {
            warned = true;
            warnings.accept("not logged: " + e.getMessage() + " (--no-log or \"log\": false turns the log off)");
        }
    }

    @Override
    public void close() {
        if (journal == null) {
            return;
        }
        closed = true; // an open not started yet never starts
        openNow.countDown();
        try {
            // One under way is let end, so that no thread of ours writes the database after the
            // command has returned.
            ExchangeLog l = log.get(Database.BUSY_MILLIS, TimeUnit.MILLISECONDS);
            if (l != null) {
                l.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException ignored) {
            // Nothing was written that could be lost: an open that failed or hangs is left to the exit.
        }
    }
}
