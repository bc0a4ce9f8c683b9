package dev.jollama.cli.render;

import dev.jollama.core.daemon.PullProgress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Shows a pull on stderr: on a terminal one bar redrawn in place, summing every layer seen so far
 * (bytes, speed, ETA); otherwise one plain line per step, so logs stay readable.
 */
public final class PullProgressView implements Consumer<PullProgress> {

    private static final int BAR = 25;

    private final Console console;
    private final Clock clock;
    private final Map<String, long[]> layers = new LinkedHashMap<>();
    private String lastStatus;
    private boolean barShown;
    private long startMillis = -1;
    private long lastDrawMillis;

    public PullProgressView(Console console, Clock clock) {
        this.console = console;
        this.clock = clock;
    }

    @Override
    public void accept(PullProgress p) {
        if (p.isLayer()) {
            long completed = p.completed() == null ? 0 : p.completed();
            layers.put(p.digest(), new long[] {p.total(), completed});
            if (startMillis < 0 && completed > 0) {
                startMillis = clock.millis();
            }
        }
        if (console.colour()) {
            drawInteractive(p);
        } else if (!p.status().equals(lastStatus)) {
            console.info(p.isLayer() ? p.status() + " (" + HumanUnits.bytes(p.total()) + ")" : p.status());
        }
        lastStatus = p.status();
    }

    /** Ends the bar's line, so what follows starts on a fresh one. */
    public void finish() {
        if (barShown) {
            console.errPrint(System.lineSeparator());
            barShown = false;
        }
    }

    private void drawInteractive(PullProgress p) {
        if (!p.isLayer()) {
            finish();
            console.info(p.status());
            return;
        }
        long now = clock.millis();
        boolean layerDone = p.completed() != null && p.completed().equals(p.total());
        if (barShown && now - lastDrawMillis < 100 && !layerDone) {
            return; // redraw at most ten times a second
        }
        lastDrawMillis = now;
        long total = 0;
        long done = 0;
        for (long[] layer : layers.values()) {
            total += layer[0];
            done += layer[1];
        }
        int percent = total == 0 ? 0 : (int) (100 * done / total);
        int filled = total == 0 ? 0 : (int) (BAR * done / total);
        double seconds = startMillis < 0 ? 0 : (now - startMillis) / 1000.0;
        double speed = seconds > 0 ? done / seconds : 0;
        String eta = speed > 0 && done < total ? " ETA " + HumanUnits.seconds((total - done) / speed) : "";
        String line = String.format(
                Locale.ROOT,
                "\rpulling %3d%% ▕%s%s▏ %s/%s%s%s\u001b[K",
                percent,
                "█".repeat(filled),
                " ".repeat(BAR - filled),
                HumanUnits.bytes(done),
                HumanUnits.bytes(total),
                speed > 0 ? "  " + HumanUnits.bytes((long) speed) + "/s" : "",
                eta);
        console.errPrint(line);
        barShown = true;
    }
}
