package dev.jollama.core.fit;

import dev.jollama.core.error.JollamaException;

/** A model's GGUF header could not be read: damaged, hostile, or larger than any real one. */
public final class ModelHeaderException extends JollamaException {

    public ModelHeaderException(String message) {
        super(message, null);
    }
}
