package dev.jollama.core.error;

/** The daemon does not have the model that was asked for, or the registry has no such model. */
public final class ModelNotFoundException extends JollamaException {

    private final String model;

    public ModelNotFoundException(String model) {
        this(model, "model '" + model + "' not found: run `jollama pull " + model + "`");
    }

    public ModelNotFoundException(String model, String message) {
        super(message, null);
        this.model = model;
    }

    /** The registry has no model by that name: a pull cannot help, the name is wrong. */
    public static ModelNotFoundException notInRegistry(String model, String daemonText) {
        return new ModelNotFoundException(
                model,
                "model '" + model + "' does not exist in the registry (Ollama: " + daemonText + "): check the"
                        + " name at https://ollama.com/library, or `jollama list` for the models installed here");
    }

    public String model() {
        return model;
    }
}
