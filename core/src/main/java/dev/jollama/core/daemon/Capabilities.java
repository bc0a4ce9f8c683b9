package dev.jollama.core.daemon;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.UnsupportedByEngineException;
import dev.jollama.core.text.Excerpt;
import java.util.List;

/**
 * What a model can do, asked of {@code /api/show} before a request that needs it, so that a model that
 * cannot is one line and exit 2 before anything is sent, never an error mid-answer.
 */
public final class Capabilities {

    private Capabilities() {}

    /** Refuses {@code think} (a Boolean or a level) on a model whose capabilities do not list thinking. */
    public static void requireThinking(OllamaDaemon daemon, String model, Object think, String what) {
        if (ThinkValue.isOn(think)) {
            require(
                    daemon,
                    model,
                    "thinking",
                    "cannot think",
                    what + " is refused; choose a model that lists" + " thinking in `jollama show`");
        }
    }

    /** Refuses tools on a model whose capabilities do not list them. */
    public static void requireTools(OllamaDaemon daemon, String model) {
        require(
                daemon,
                model,
                ModelInfo.TOOLS,
                "does not support tools",
                "choose a model that lists tools in" + " `jollama show`");
    }

    /** Refuses images for a model whose capabilities do not list vision; none to send passes without asking. */
    public static void requireVision(OllamaDaemon daemon, String model, java.util.Collection<?> images, String what) {
        if (images != null && !images.isEmpty()) {
            require(
                    daemon,
                    model,
                    ModelInfo.VISION,
                    "cannot see images",
                    what + " is refused; choose a model that lists vision in `jollama show`");
        }
    }

    /** Refuses embedding with a model whose capabilities do not list embedding (Ollama fails it after loading). */
    public static void requireEmbedding(OllamaDaemon daemon, String model) {
        require(
                daemon,
                model,
                ModelInfo.EMBEDDING,
                "is not an embedding model",
                "choose one that lists embedding in `jollama show`, such as nomic-embed-text");
    }

    /**
     * Refuses a request that needs {@code capability} of a model that the daemon says lacks it: "model X
     * {@code cannot} (its capabilities: …): {@code fix}". An engine that cannot say lets it through.
     */
    private static void require(OllamaDaemon daemon, String model, String capability, String cannot, String fix) {
        List<String> capabilities = capabilities(daemon, model);
        if (capabilities != null && !capabilities.contains(capability)) {
            throw new InvalidInputException("model " + Excerpt.of(model) + " " + cannot + " (its capabilities: "
                    + String.join(", ", capabilities) + "): " + fix);
        }
    }

    /** The model's capabilities, or null when the engine cannot say (OpenAI-compatible) or the daemon lists none. */
    static List<String> capabilities(OllamaDaemon daemon, String model) {
        try {
            ModelInfo info = daemon.show(model);
            return info.capabilities();
        } catch (UnsupportedByEngineException cannotSay) {
            return null;
        }
    }
}
