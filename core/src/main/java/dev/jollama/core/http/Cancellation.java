package dev.jollama.core.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A switch that stops an in-flight request from another thread (Ctrl-C, SIGTERM, a closed stdout).
 * Cancelling closes the request's socket, which is how the daemon learns to stop generating. The
 * actions run on the cancelling thread, outside any lock, so a slow action cannot hold up a second
 * cancel or the registration of another request's action.
 */
public final class Cancellation {

    private final Object lock = new Object();
    private final List<Runnable> actions = new ArrayList<>();
    private final CountDownLatch cancelled = new CountDownLatch(1);

    public void cancel() {
        List<Runnable> toRun;
        synchronized (lock) {
            if (cancelled.getCount() == 0) {
                return;
            }
            cancelled.countDown();
            toRun = new ArrayList<>(actions);
            actions.clear();
        }
        for (Runnable action : toRun) {
            try {
                action.run();
            } catch (RuntimeException ignored) {
                // One failing action must not keep the others from running: each closes its own socket.
            }
        }
    }

    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** Runs {@code action} on cancel, or at once if already cancelled; returns a handle to deregister it. */
    public Runnable onCancel(Runnable action) {
        synchronized (lock) {
            if (cancelled.getCount() != 0) {
                actions.add(action);
                return () -> {
                    synchronized (lock) {
                        actions.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> {};
    }

    /**
     * Waits for {@code duration} or until cancelled, whichever comes first (a retry's back-off);
     * returns true when it was cancelled.
     */
    public boolean await(Duration duration) {
        try {
            return cancelled.await(Math.max(0, duration.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return isCancelled();
        }
    }
}
