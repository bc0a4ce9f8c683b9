package dev.jollama.core.error;

import dev.jollama.core.text.Excerpt;

/** The daemon does not have the model that was asked for, or the registry has no such model. */
public final class ModelNotFoundException extends JollamaException {

    private final String model;

    public ModelNotFoundException(String model) {
        this(model, "model '" + Excerpt.of(model) + "' not found: run `jollama pull " + Excerpt.of(model) + "`");
    }

    public ModelNotFoundException(String model, String message) {
        super(message, null);
        this.model = model;
    }

    /** The registry has no model by that name: a pull cannot help, the name is wrong. */
    public static ModelNotFoundException notInRegistry(String model, String daemonText) {
        return new ModelNotFoundException(
                model,
                "model '" + Excerpt.of(model) + "' does not exist in the registry (Ollama: "
                        + Excerpt.of(daemonText, Excerpt.DAEMON_TEXT) + "): check the"
                        + " name at https://ollama.com/library, or `jollama list` for the models installed here");
    }

    public String model() {
        return model;
    }
}
