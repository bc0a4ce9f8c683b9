package dev.jollama.cli;

import dev.jollama.core.daemon.Cancellation;

/**
 * Ctrl-C in a one-shot command: the JVM runs its shutdown hooks, and ours closes the in-flight HTTP
 * connection so the daemon stops generating or downloading; the JVM then exits with 130.
 */
public final class Interrupts {

    private Interrupts() {}

    public static AutoCloseable cancelOnInterrupt(Cancellation cancellation) {
        Thread hook = new Thread(cancellation::cancel, "jollama-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or has run: nothing to remove.
            }
        };
    }
}
