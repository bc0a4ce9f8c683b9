package dev.jollama.core.tools;

import dev.jollama.core.error.JollamaException;

/** The model kept asking for tools past {@code --max-steps} rounds: stopped (exit 1). */
public final class ToolStepsException extends JollamaException {

    public ToolStepsException(int maxSteps) {
        super(
                "the model still asked for tools after " + maxSteps + " rounds (--max-steps " + maxSteps
                        + "): stopped; raise --max-steps if it needs more",
                null);
    }
}
