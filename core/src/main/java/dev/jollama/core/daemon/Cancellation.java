package dev.jollama.core.daemon;

import java.util.ArrayList;
import java.util.List;

/**
 * A switch that stops an in-flight request from another thread (Ctrl-C, a closed stdout). Cancelling
 * closes the HTTP connection, which is how the daemon learns to stop generating.
 */
public final class Cancellation {

    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    public synchronized void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        for (Runnable action : actions) {
            action.run();
        }
        actions.clear();
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code action} on cancel, or at once if already cancelled; returns a handle to deregister it. */
    public synchronized Runnable onCancel(Runnable action) {
        if (cancelled) {
            action.run();
            return () -> {};
        }
        actions.add(action);
        return () -> {
            synchronized (this) {
                actions.remove(action);
            }
        };
    }
}
