package dev.jollama.core.daemon;

import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything jollama asks of an Ollama daemon. Implementations throw only
 * {@link dev.jollama.core.error.JollamaException}s, never raw I/O or library exceptions.
 */
public interface OllamaDaemon {

    OllamaHost host();

    /** Who answers, as messages name it: "Ollama at http://…", "the OpenAI-compatible server at …". */
    default String engine() {
        return "Ollama at " + host();
    }

    /** The daemon's version; also the cheapest way to check that it is up. */
    String version();

    List<InstalledModel> listModels();

    List<RunningModel> runningModels();

    ModelInfo show(String model);

    /** Downloads a model, reporting each status line; stops when {@code cancellation} fires. */
    void pull(String model, Consumer<PullProgress> progress, Cancellation cancellation);

    void delete(String model);

    /** Loads a model into memory without generating, so the next request starts at once. */
    void load(String model, String keepAlive);

    /** Unloads a model from memory now. */
    void unload(String model);

    /** Streams a chat answer to {@code listener} and returns it whole with its counters. */
    Completion chat(ChatRequest request, StreamListener listener, Cancellation cancellation);

    /** Streams a single-prompt answer to {@code listener} and returns it whole with its counters. */
    Completion generate(GenerateRequest request, StreamListener listener, Cancellation cancellation);

    /** One vector per text of {@code request}, in order; stops when {@code cancellation} fires. */
    EmbedResult embed(EmbedRequest request, Cancellation cancellation);
}
