package dev.jollama.core.tools.builtin;

import dev.jollama.core.error.JollamaException;

/**
 * A built-in call that cannot go on: a refused path, a missing argument, a file that is not text. Its
 * message is what the model is told, as an error {@code ToolResult}; it never reaches the user as a
 * failure of jollama's.
 */
public final class ToolFailure extends JollamaException {

    public ToolFailure(String message) {
        super(message, null);
    }
}
