package dev.jollama.cli.render;

import dev.jollama.core.daemon.StreamListener;
import java.util.function.Consumer;

/**
 * While the daemon has sent nothing yet (a model loading, a long prompt being read, which take
 * minutes on a CPU), says so on the terminal after a second: a spinner and the seconds waited,
 * redrawn in place and erased by the first text. Only on a terminal with colours allowed; elsewhere
 * {@link #none()} does nothing.
 */
public final class WaitIndicator implements AutoCloseable {

    private static final long DELAY_MS = 1000;
    private static final long TICK_MS = 125;
    private static final String FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";

    private final Consumer<String> draw;
    private final String label;
    private final Object lock = new Object();
    private final long started = System.nanoTime();
    private final Thread ticker;
    private boolean stopped;
    private boolean shown;

    private WaitIndicator(Consumer<String> draw, String label) {
        this.draw = draw;
        this.label = label;
        this.ticker = new Thread(this::tick, "jollama-wait-indicator");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** Starts counting; {@code draw} writes to the terminal's stderr (or the chat's screen) and flushes. */
    public static WaitIndicator start(Consumer<String> draw, String label) {
        return new WaitIndicator(draw, label);
    }

    public static WaitIndicator none() {
        return new WaitIndicator();
    }

    private WaitIndicator() {
        this.draw = null;
        this.label = null;
        this.ticker = null;
        this.stopped = true;
    }

    /** For {@code run} on a terminal: stderr, with colours allowed; otherwise nothing. */
    public static WaitIndicator forConsole(Console console, String model) {
        return console.colour() && console.errIsTerminal()
                ? start(console::errPrint, "waiting for " + console.forErr(model))
                : none();
    }

    /** The listener that stops the indicator when the first text arrives, then passes everything on. */
    public StreamListener until(StreamListener next) {
        return new StreamListener() {
            @Override
            public void onContent(String text) {
                stop();
                next.onContent(text);
            }

            @Override
            public void onThinking(String text) {
                stop();
                next.onThinking(text);
            }

            @Override
            public void onPause() {
                next.onPause();
            }
        };
    }

    /** Erases the indicator if it is shown; after this it never draws again. Returns at once. */
    public void stop() {
        if (ticker == null) {
            return;
        }
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (shown) {
                draw.accept("\r\u001b[K");
            }
        }
        ticker.interrupt();
    }

    @Override
    public void close() {
        stop();
    }

    private void tick() {
        try {
            Thread.sleep(DELAY_MS);
            for (int frame = 0; ; frame++) {
                synchronized (lock) {
                    if (stopped) {
                        return;
                    }
                    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
                    draw.accept("\r\u001b[2m" + FRAMES.charAt(frame % FRAMES.length()) + " " + label + " … " + seconds
                            + "s\u001b[0m\u001b[K");
                    shown = true;
                }
                Thread.sleep(TICK_MS);
            }
        } catch (InterruptedException stoppedWhileWaiting) {
            // stop() erased the line, if it was drawn.
        }
    }
}
