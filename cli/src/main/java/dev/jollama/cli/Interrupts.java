package dev.jollama.cli;

import dev.jollama.core.http.Cancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C and SIGTERM in a one-shot command. The handler cancels the request, which closes its socket
 * so the daemon stops generating or downloading, gives the command a moment to finish its output (the
 * newline after a partial answer), then puts the signal's default action back and raises it again:
 * jollama dies of the signal, as a well-behaved child must, so that a shell loop or script running it
 * stops at the first Ctrl-C instead of going on to the next iteration (an exit status of 130 alone
 * does not tell bash that the child was interrupted). The shell sees 130 or 143 either way.
 */
public final class Interrupts {

    /** How long the command gets to print its last line after a cancel; the exit never waits longer. */
    private static final long GRACE_MS = 300;

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    /** Longest wait for the re-raised signal to end the process before it halts with the same status. */
    private static final long DEATH_MS = 2_000;

    private Interrupts() {}

    /**
     * Sends the signal to this process, whose action for it is the default again: it ends the process.
     * {@code Signal.raise} refuses a signal the JVM does not handle, so kill(1) sends it.
     */
    private static void dieOf(Signal signal) {
        try {
            new ProcessBuilder(
                            "kill",
                            "-" + signal.getName(),
                            Long.toString(ProcessHandle.current().pid()))
                    .start()
                    .waitFor();
        } catch (java.io.IOException e) {
            // No kill(1): the main thread halts with the same status after its wait.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Cancels {@code cancellation} on SIGINT or SIGTERM while the returned handle is open. Whatever the
     * command prints on its way out belongs inside the try-with-resources that closes the handle.
     */
    public static AutoCloseable cancelOnInterrupt(Cancellation cancellation) {
        CountDownLatch finished = new CountDownLatch(1);
        AtomicReference<Signal> caughtSignal = new AtomicReference<>();
        List<Runnable> restore = new ArrayList<>();
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            SignalHandler previous;
            try {
                previous = Signal.handle(signal, caught -> {
                    caughtSignal.compareAndSet(null, caught);
                    cancellation.cancel();
                    try {
                        finished.await(GRACE_MS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Signal.handle(caught, SignalHandler.SIG_DFL);
                    dieOf(caught);
                });
            } catch (IllegalArgumentException unavailable) {
                continue; // not on this platform, or reserved by the JVM (-Xrs)
            }
            if (previous == SignalHandler.SIG_IGN) {
                // Ignored by whoever started us (nohup, a background job): it stays ignored.
                Signal.handle(signal, SignalHandler.SIG_IGN);
                continue;
            }
            restore.add(() -> Signal.handle(signal, previous));
        }
        return () -> {
            finished.countDown();
            Signal caught = caughtSignal.get();
            if (caught != null) {
                // The handler is about to raise the signal again: this thread must not exit normally
                // first, or the shell would see an ordinary exit and go on with its loop.
                try {
                    Thread.sleep(DEATH_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(128 + caught.getNumber());
            }
            restore.forEach(Runnable::run);
        };
    }

    /**
     * For work that can stop gracefully (batch): the first SIGINT runs {@code first}, the next ones
     * {@code again}; SIGTERM runs {@code again} at once. Nothing dies in the handler: the command
     * finishes what it must (lines written, file synced), and when the returned handle closes after a
     * signal, jollama dies of that signal (130/143), so a shell loop around it stops as for {@code run}.
     */
    public static AutoCloseable onInterrupt(Runnable first, Runnable again) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        AtomicReference<Signal> caughtSignal = new AtomicReference<>();
        List<Runnable> restore = new ArrayList<>();
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            SignalHandler previous;
            try {
                previous = Signal.handle(signal, caught -> {
                    caughtSignal.compareAndSet(null, caught);
                    if (caught.getName().equals("TERM") || count.getAndIncrement() > 0) {
                        again.run();
                    } else {
                        first.run();
                    }
                });
            } catch (IllegalArgumentException unavailable) {
                continue;
            }
            if (previous == SignalHandler.SIG_IGN) {
                Signal.handle(signal, SignalHandler.SIG_IGN);
                continue;
            }
            restore.add(() -> Signal.handle(signal, previous));
        }
        return () -> {
            Signal caught = caughtSignal.get();
            if (caught == null) {
                restore.forEach(Runnable::run);
                return;
            }
            Signal.handle(caught, SignalHandler.SIG_DFL);
            dieOf(caught);
            try {
                Thread.sleep(DEATH_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(128 + caught.getNumber());
        };
    }
}
