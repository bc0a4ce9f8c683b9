package dev.jollama.cli.render;

import dev.jollama.core.daemon.Completion;
import java.util.Locale;

/** One line of counters after an answer: the same in `run --stats` and the chat's /stats. */
public final class StatsLine {

    private StatsLine() {}

    public static String of(Completion c) {
        return String.format(
                Locale.ROOT,
                "prompt %d tokens · answer %d tokens · %.1f tokens/s · load %s · total %s",
                c.promptEvalCount(),
                c.evalCount(),
                c.tokensPerSecond(),
                HumanUnits.seconds(c.loadDuration() / 1e9),
                HumanUnits.seconds(c.totalDuration() / 1e9));
    }
}
