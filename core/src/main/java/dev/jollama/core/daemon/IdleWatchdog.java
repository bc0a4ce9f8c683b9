package dev.jollama.core.daemon;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fires once when a stream has been silent for longer than the idle timeout. Each chunk only writes a
 * timestamp, so the hot path of a fast stream costs one volatile write.
 */
final class IdleWatchdog implements AutoCloseable {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jollama-idle-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final long idleNanos;
    private final Runnable onIdle;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean fired;
    private ScheduledFuture<?> pending;

    IdleWatchdog(Duration idle, Runnable onIdle) {
        this.idleNanos = idle.toNanos();
        this.onIdle = onIdle;
        schedule(idleNanos);
    }

    void touch() {
        lastActivity = System.nanoTime();
    }

    boolean fired() {
        return fired;
    }

    private synchronized void schedule(long delayNanos) {
        pending = TIMER.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        long silent = System.nanoTime() - lastActivity;
        if (silent >= idleNanos) {
            fired = true;
            onIdle.run();
        } else {
            schedule(idleNanos - silent);
        }
    }

    @Override
    public synchronized void close() {
        pending.cancel(false);
    }
}
