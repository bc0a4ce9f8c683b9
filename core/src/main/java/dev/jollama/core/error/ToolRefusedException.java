package dev.jollama.core.error;

/**
 * The model asked for a call that nobody allowed, with no terminal to ask on: nothing ran, and jollama
 * stops with exit 6 so that a script can tell "refused" from "failed".
 */
public final class ToolRefusedException extends JollamaException {

    private final String tool;

    public ToolRefusedException(String tool, String message) {
        super(message, null);
        this.tool = tool;
    }

    /** The tool that was refused. */
    public String tool() {
        return tool;
    }
}
