package dev.jollama.core.serve;

import dev.jollama.core.daemon.ForwardingOllamaDaemon;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.http.Cancellation;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An {@link OllamaDaemon} that starts {@code ollama serve} when a call is refused, then makes the call
 * again, once. A refusal happens before anything was sent, so the second call is the first the daemon
 * sees. Sits below the retries: a daemon that cannot be started fails at once, not after back-offs.
 */
public final class AutostartingOllamaDaemon extends ForwardingOllamaDaemon {

    private final Supplier<DaemonLauncher> launcher;
    private final Consumer<DaemonLauncher.Started> started;

    /**
     * @param launcher built on the first refusal only
     * @param started told when a daemon was started (the CLI says so on stderr)
     */
    public AutostartingOllamaDaemon(
            OllamaDaemon delegate, Supplier<DaemonLauncher> launcher, Consumer<DaemonLauncher.Started> started) {
        super(delegate);
        this.launcher = launcher;
        this.started = started;
    }

    @Override
    protected <T> T call(Cancellation cancellation, Supplier<T> action) {
        try {
            return action.get();
        } catch (DaemonUnreachableException e) {
            if (e.reason() != DaemonUnreachableException.Reason.REFUSED) {
                throw e;
            }
            start();
            return action.get();
        }
    }

    // One start at a time in this process (a chat preloads on another thread); the launcher itself
    // checks again whether a daemon answers before it starts one.
    private synchronized void start() {
        if (launcher.get().start() instanceof DaemonLauncher.Started s) {
            started.accept(s);
        }
    }
}
