package dev.jollama.core.client;

import dev.jollama.core.daemon.ModelInfo;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.daemon.ThinkValue;
import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.error.UnsupportedByEngineException;
import java.util.List;

/**
 * What a model can do, asked of {@code /api/show} before a request that needs it, so that a model that
 * cannot is one line and exit 2 before anything is sent, never an error mid-answer.
 */
public final class Capabilities {

    private Capabilities() {}

    /** Refuses {@code think} (a Boolean or a level) on a model whose capabilities do not list thinking. */
    public static void requireThinking(OllamaDaemon daemon, String model, Object think, String what) {
        if (!ThinkValue.isOn(think)) {
            return;
        }
        List<String> capabilities = capabilities(daemon, model);
        if (capabilities != null && !capabilities.contains("thinking")) {
            throw new InvalidInputException("model " + model + " cannot think (its capabilities: "
                    + String.join(", ", capabilities) + "): " + what + " is refused; choose a model that lists"
                    + " thinking in `jollama show`");
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
