package dev.jollama.cli.command;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.fit.ModelName;
import dev.jollama.core.hosts.Api;
import dev.jollama.core.settings.Config;

/**
 * The first argument of {@code run} and {@code chat} is a model or a profile. A prompt typed there
 * instead ({@code jollama run "why is the sky blue"}) is said to be one, before it is sent to the
 * daemon as a model name or offered for a pull.
 */
final class ModelArgument {

    private ModelArgument() {}

    /**
     * Throws when {@code model} can be neither a profile nor a model name: it has spaces, or for
     * Ollama it is not {@code [host/][namespace/]model[:tag]}. {@code example}: the rest of the line for
     * the suggestion, such as {@code "why is the sky blue"}.
     */
    static void check(JollamaCommand root, String command, String model, String example) {
        if (model == null) {
            return;
        }
        Config config = root.services().config();
        if (config.profiles().containsKey(model) || isModelName(root, model)) {
            return;
        }
        String shown = root.console().forErr(dev.jollama.core.text.Excerpt.of(model));
        throw new InvalidInputException("'" + shown + "' is not a model name: the first argument of " + command
                + " is the model or profile"
                + dev.jollama.core.text.Excerpt.of(example.replace("MODEL", config.defaultProfile()), 300));
    }

    private static boolean isModelName(JollamaCommand root, String model) {
        if (model.isBlank() || model.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        // An OpenAI-compatible engine names its models as it likes; Ollama as ModelName reads them.
        boolean ollamaOnly = root.services().settings().hosts().stream().allMatch(h -> h.api() == Api.OLLAMA);
        if (!ollamaOnly) {
            return true;
        }
        try {
            // :local and :cloud say where it runs (ModelRef names a name with both); the rest is a tag.
            ModelName.parse(model.replaceFirst("(:(local|cloud))+$", ""));
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }
}
