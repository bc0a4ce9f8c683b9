package dev.jollama.cli.tools;

import dev.jollama.cli.render.Console;
import dev.jollama.core.daemon.ToolCall;
import dev.jollama.core.tools.ToolLoop;
import dev.jollama.core.tools.ToolPreview;
import java.util.Locale;

/**
 * The calls and their results, compactly on stderr: stdout keeps only the answer. Everything shown
 * came from the model or a tool, so it goes through {@link Console#forErr} on a terminal.
 */
public final class ToolLines implements ToolLoop.Observer {

    /** The most of a result's first line shown. */
    private static final int SHOWN = 100;

    private final Console console;

    public ToolLines(Console console) {
        this.console = console;
    }

    /** The call about to be asked about: its summary and details, indented. */
    static String asking(Console console, ToolPreview preview) {
        StringBuilder out = new StringBuilder(
                Console.PREFIX + "the model wants to run " + console.forErr(preview.summary()) + "\n");
        for (String line : preview.detail().split("\n", -1)) {
            out.append("    ").append(console.forErr(line)).append('\n');
        }
        return out.toString();
    }

    @Override
    public void result(ToolLoop.Step step) {
        console.note(console.forErr(line(step)));
    }

    /** One line for a call that ran (or did not): its name, approval, result's first line, time. */
    public static String line(ToolLoop.Step step) {
        String first = step.result().lines().findFirst().orElse("");
        if (first.length() > SHOWN) {
            first = first.substring(0, SHOWN) + "…";
        }
        long lines = step.result().lines().count();
        return "tool " + step.name()
                + (step.approval() != null ? " (" + step.approval() + ")" : "")
                + (step.error() ? " failed: " : ": ") + first
                + (lines > 1 ? " (+" + (lines - 1) + " lines)" : "")
                + String.format(Locale.ROOT, ", %.1f s", step.durationMs() / 1000.0);
    }

    @Override
    public void calling(ToolCall call, ToolPreview preview) {
        // Asked calls show themselves in the question; the result line says the rest.
    }
}
