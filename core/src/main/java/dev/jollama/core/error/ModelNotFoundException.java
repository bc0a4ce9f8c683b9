package dev.jollama.core.error;

/** The daemon does not have the model that was asked for. */
public final class ModelNotFoundException extends JollamaException {

    private final String model;

    public ModelNotFoundException(String model) {
        super("model '" + model + "' not found: run `jollama pull " + model + "`", null);
        this.model = model;
    }

    public String model() {
        return model;
    }
}
