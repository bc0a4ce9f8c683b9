package dev.jollama.core.error;

/**
 * A command that only Ollama has ({@code pull}, {@code ps}, {@code rm}…) asked of a host that speaks
 * the OpenAI-compatible API, which has no such endpoint: the engine manages its models itself.
 */
public final class UnsupportedByEngineException extends JollamaException {

    public UnsupportedByEngineException(String what, String host) {
        super(
                what + " is an Ollama command: " + host + " speaks the OpenAI-compatible API, which has"
                        + " none (manage its models with the engine itself; `jollama list` shows what it"
                        + " serves)",
                null);
    }
}
