package dev.jollama.core.serve;

import dev.jollama.core.daemon.ChatRequest;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.GenerateRequest;
import dev.jollama.core.daemon.InstalledModel;
import dev.jollama.core.daemon.ModelInfo;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.daemon.PullProgress;
import dev.jollama.core.daemon.RunningModel;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An {@link OllamaDaemon} that starts {@code ollama serve} when a call is refused, then makes the call
 * again, once. A refusal happens before anything was sent, so the second call is the first the daemon
 * sees. Sits below the retries: a daemon that cannot be started fails at once, not after back-offs.
 */
public final class AutostartingOllamaDaemon implements OllamaDaemon {

    private final OllamaDaemon delegate;
    private final Supplier<DaemonLauncher> launcher;
    private final Consumer<DaemonLauncher.Started> started;

    /**
     * @param launcher built on the first refusal only
     * @param started told when a daemon was started (the CLI says so on stderr)
     */
    public AutostartingOllamaDaemon(
            OllamaDaemon delegate, Supplier<DaemonLauncher> launcher, Consumer<DaemonLauncher.Started> started) {
        this.delegate = delegate;
        this.launcher = launcher;
        this.started = started;
    }

    private <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (DaemonUnreachableException e) {
            if (e.reason() != DaemonUnreachableException.Reason.REFUSED) {
                throw e;
            }
            start();
            return action.get();
        }
    }

    // One start at a time in this process (a chat preloads on another thread); the launcher itself
    // checks again whether a daemon answers before it starts one.
    private synchronized void start() {
        if (launcher.get().start() instanceof DaemonLauncher.Started s) {
            started.accept(s);
        }
    }

    private void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    @Override
    public OllamaHost host() {
        return delegate.host();
    }

    @Override
    public String version() {
        return call(delegate::version);
    }

    @Override
    public List<InstalledModel> listModels() {
        return call(delegate::listModels);
    }

    @Override
    public List<RunningModel> runningModels() {
        return call(delegate::runningModels);
    }

    @Override
    public ModelInfo show(String model) {
        return call(() -> delegate.show(model));
    }

    @Override
    public void pull(String model, Consumer<PullProgress> progress, Cancellation cancellation) {
        run(() -> delegate.pull(model, progress, cancellation));
    }

    @Override
    public void delete(String model) {
        run(() -> delegate.delete(model));
    }

    @Override
    public void load(String model, String keepAlive) {
        run(() -> delegate.load(model, keepAlive));
    }

    @Override
    public void unload(String model) {
        run(() -> delegate.unload(model));
    }

    @Override
    public Completion chat(ChatRequest request, StreamListener listener, Cancellation cancellation) {
        return call(() -> delegate.chat(request, listener, cancellation));
    }

    @Override
    public Completion generate(GenerateRequest request, StreamListener listener, Cancellation cancellation) {
        return call(() -> delegate.generate(request, listener, cancellation));
    }

    @Override
    public dev.jollama.core.daemon.EmbedResult embed(
            dev.jollama.core.daemon.EmbedRequest request, dev.jollama.core.http.Cancellation cancellation) {
        return call(() -> delegate.embed(request, cancellation));
    }
}
