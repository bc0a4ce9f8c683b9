package dev.jollama.core.hosts;

import dev.jollama.core.daemon.InstalledModel;
import dev.jollama.core.resilience.ResilientOllamaDaemon;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One host of a {@link HostPool}: its daemon with a circuit breaker of its own, the requests it is
 * running now, and its model list, cached briefly so that choosing a host does not cost a request
 * per prompt.
 */
public final class PooledHost {

    static final long MODELS_TTL_NANOS = 10_000_000_000L;

    private final HostSpec spec;
    private final ResilientOllamaDaemon daemon;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Set<String> models;
    private volatile long modelsAt;

    public PooledHost(HostSpec spec, ResilientOllamaDaemon daemon) {
        this.spec = spec;
        this.daemon = daemon;
    }

    public HostSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public ResilientOllamaDaemon daemon() {
        return daemon;
    }

    int freeSlots() {
        return spec.slots() - inFlight.get();
    }

    boolean breakerOpen() {
        return "OPEN".equals(daemon.breakerStatus().state());
    }

    /** Whether the host has the model, from a list at most ten seconds old; a host that is down throws. */
    boolean serves(String model) {
        if (spec.api() == Api.OLLAMA && dev.jollama.core.daemon.ModelRef.isCloud(model)) {
            return true; // any Ollama daemon runs a cloud model on ollama.com, listed or not
        }
        Set<String> known = models;
        if (known == null || System.nanoTime() - modelsAt > MODELS_TTL_NANOS) {
            known = remember(daemon.listModels());
        }
        return known.contains(model)
                || (spec.api() == Api.OLLAMA && !model.contains(":") && known.contains(model + ":latest"));
    }

    Set<String> remember(List<InstalledModel> list) {
        Set<String> names = new HashSet<>();
        list.forEach(m -> names.add(m.name()));
        models = names;
        modelsAt = System.nanoTime();
        return names;
    }

    /** The list is stale: the host said it lacks a model the list named, or it gained one by a pull. */
    void forget() {
        models = null;
    }

    <T> T run(Function<ResilientOllamaDaemon, T> action) {
        inFlight.incrementAndGet();
        try {
            return action.apply(daemon);
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
