package dev.jollama.core.daemon;

import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An {@link OllamaDaemon} that hands every call to another one, each through {@link #call}, so that a
 * decorator (retries, autostart) wraps the calls in one place instead of forwarding each method by hand.
 * As with Guava's {@code ForwardingObject}, a subclass overrides the hook, or only the methods whose
 * behaviour it changes.
 */
public abstract class ForwardingOllamaDaemon implements OllamaDaemon {

    private final OllamaDaemon delegate;

    protected ForwardingOllamaDaemon(OllamaDaemon delegate) {
        this.delegate = delegate;
    }

    protected final OllamaDaemon delegate() {
        return delegate;
    }

    /**
     * Runs one forwarded call; by default, as it is. {@code cancellation} is the call's own, or a fresh
     * one that never fires for the methods that take none, so a hook that waits can always use it.
     */
    protected <T> T call(Cancellation cancellation, Supplier<T> body) {
        return body.get();
    }

    private void run(Cancellation cancellation, Runnable body) {
        call(cancellation, () -> {
            body.run();
            return null;
        });
    }

    /** Not through {@link #call}: the address is known without asking the daemon anything. */
    @Override
    public OllamaHost host() {
        return delegate.host();
    }

    @Override
    public String engine() {
        return delegate.engine();
    }

    @Override
    public String version() {
        return call(new Cancellation(), delegate::version);
    }

    @Override
    public List<InstalledModel> listModels() {
        return call(new Cancellation(), delegate::listModels);
    }

    @Override
    public List<RunningModel> runningModels() {
        return call(new Cancellation(), delegate::runningModels);
    }

    @Override
    public ModelInfo show(String model) {
        return call(new Cancellation(), () -> delegate.show(model));
    }

    @Override
    public void pull(String model, Consumer<PullProgress> progress, Cancellation cancellation) {
        run(cancellation, () -> delegate.pull(model, progress, cancellation));
    }

    @Override
    public void delete(String model) {
        run(new Cancellation(), () -> delegate.delete(model));
    }

    @Override
    public void load(String model, String keepAlive) {
        run(new Cancellation(), () -> delegate.load(model, keepAlive));
    }

    @Override
    public void unload(String model) {
        run(new Cancellation(), () -> delegate.unload(model));
    }

    @Override
    public Completion chat(ChatRequest request, StreamListener listener, Cancellation cancellation) {
        return call(cancellation, () -> delegate.chat(request, listener, cancellation));
    }

    @Override
    public Completion generate(GenerateRequest request, StreamListener listener, Cancellation cancellation) {
        return call(cancellation, () -> delegate.generate(request, listener, cancellation));
    }

    @Override
    public EmbedResult embed(EmbedRequest request, Cancellation cancellation) {
        return call(cancellation, () -> delegate.embed(request, cancellation));
    }
}
