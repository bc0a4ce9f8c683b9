package dev.jollama.core.daemon;

import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import java.util.List;
import java.util.function.Consumer;

/** A daemon for tests that script one or two calls: every call not overridden fails loudly. */
public abstract class UnusedDaemon implements OllamaDaemon {

    @Override
    public OllamaHost host() {
        return OllamaHost.DEFAULT;
    }

    @Override
    public String version() {
        throw new UnsupportedOperationException("version");
    }

    @Override
    public List<InstalledModel> listModels() {
        throw new UnsupportedOperationException("listModels");
    }

    @Override
    public List<RunningModel> runningModels() {
        throw new UnsupportedOperationException("runningModels");
    }

    @Override
    public ModelInfo show(String model) {
        throw new UnsupportedOperationException("show");
    }

    @Override
    public void pull(String model, Consumer<PullProgress> progress, Cancellation cancellation) {
        throw new UnsupportedOperationException("pull");
    }

    @Override
    public void delete(String model) {
        throw new UnsupportedOperationException("delete");
    }

    @Override
    public void load(String model, String keepAlive) {
        throw new UnsupportedOperationException("load");
    }

    @Override
    public void unload(String model) {
        throw new UnsupportedOperationException("unload");
    }

    @Override
    public Completion chat(ChatRequest request, StreamListener listener, Cancellation cancellation) {
        throw new UnsupportedOperationException("chat");
    }

    @Override
    public Completion generate(GenerateRequest request, StreamListener listener, Cancellation cancellation) {
        throw new UnsupportedOperationException("generate");
    }

    @Override
    public EmbedResult embed(EmbedRequest request, Cancellation cancellation) {
        throw new UnsupportedOperationException("embed");
    }
}
