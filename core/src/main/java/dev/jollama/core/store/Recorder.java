package dev.jollama.core.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes a command's exchanges to the log without making the command wait for SQLite: the database
 * is opened on a daemon thread as soon as the command knows it will log, while it waits for the
 * model, and an entry is added after the answer was printed. A log that cannot be written costs one
 * warning line, never the answer or the exit code.
 */
public final class Recorder implements AutoCloseable {

    /** A recorder for a command that does not log (--no-log, "log": false): loads nothing. */
    public static final Recorder OFF = new Recorder(null, line -> {});

    private final CompletableFuture<ExchangeLog> log;
    private final Consumer<String> warnings;
    private boolean warned;

    private Recorder(CompletableFuture<ExchangeLog> log, Consumer<String> warnings) {
        this.log = log;
        this.warnings = warnings;
    }

    /** Starts opening the database now; {@code warnings} hears of a log that cannot be written, once. */
    public static Recorder start(Supplier<Database> open, Consumer<String> warnings) {
        CompletableFuture<ExchangeLog> log = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        log.complete(new ExchangeLog(open.get()));
                    } catch (Throwable e) {
                        log.completeExceptionally(e);
                    }
                },
                "jollama-log-open");
        t.setDaemon(true);
        t.start();
        return new Recorder(log, warnings);
    }

    /** Whether entries are kept (false for OFF, or after {@code jollama logs off}). */
    public boolean on() {
        ExchangeLog l = get();
        return l != null && l.enabled();
    }

    /** Adds {@code entry} unless logging is off; returns it with its id, or null when not kept. */
    public LogEntry record(LogEntry entry) {
        ExchangeLog l = get();
        if (l == null) {
            return null;
        }
        try {
            return l.enabled() ? l.add(entry) : null;
        } catch (RuntimeException e) {
            warn(e);
            return null;
        }
    }

    /** The log itself, for {@code run --continue}; null when off or not openable. */
    public ExchangeLog log() {
        return get();
    }

    private ExchangeLog get() {
        if (log == null) {
            return null;
        }
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
        if (log == null) {
            return;
        }
        try {
            // The open may still be under way (the command failed before it logged): let it end, so
            // no thread of ours writes the database after the command has returned.
            log.get(Database.BUSY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException ignored) {
            // Nothing was written that could be lost: an open that failed or hangs is left to the exit.
        }
    }
}
