package dev.jollama.cli;

import dev.jollama.core.daemon.Cancellation;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM in a one-shot command: the JVM runs its shutdown hooks, and ours cancels the
 * request, which closes its socket so the daemon stops generating or downloading. The hook then gives
 * the command a moment to finish its output (the newline after a partial answer) and returns; the JVM
 * exits with 130 (SIGINT) or 143 (SIGTERM). The wait is bounded, so the exit is too.
 */
public final class Interrupts {

    /** How long the command gets to print its last line after a cancel; the exit never waits longer. */
    private static final long GRACE_MS = 300;

    private Interrupts() {}

    /**
     * Cancels {@code cancellation} on SIGINT or SIGTERM while the returned handle is open. Whatever the
     * command prints on its way out belongs inside the try-with-resources that closes the handle.
     */
    public static AutoCloseable cancelOnInterrupt(Cancellation cancellation) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    cancellation.cancel();
                    try {
                        finished.await(GRACE_MS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "jollama-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or has run: nothing to remove.
            }
        };
    }
}
