package dev.jollama.core.hosts;

import dev.jollama.core.daemon.ChatRequest;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.GenerateRequest;
import dev.jollama.core.daemon.InstalledModel;
import dev.jollama.core.daemon.ModelInfo;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.daemon.PullProgress;
import dev.jollama.core.daemon.RunningModel;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.UnsupportedByEngineException;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link HostPool} seen as one daemon, so that {@code run}, {@code chat} and the REPL need not know
 * how many hosts there are. Answers and model questions go to the first suitable host; the model list
 * is every reachable host's, each model once; a pull goes to the first host that answers.
 */
public final class FailoverDaemon implements OllamaDaemon {

    private final HostPool pool;
    private final String preferred;

    public FailoverDaemon(HostPool pool, String preferred) {
        this.pool = pool;
        this.preferred = preferred;
    }

    public HostPool pool() {
        return pool;
    }

    /** The same hosts with {@code host} (a host's name, as a profile names it) tried first. */
    public FailoverDaemon preferring(String host) {
        return host == null ? this : new FailoverDaemon(pool, host);
    }

    @Override
    public OllamaHost host() {
        return pool.first().spec().address();
    }

    @Override
    public String version() {
        return any(OllamaDaemon::version);
    }

    @Override
    public List<InstalledModel> listModels() {
        if (pool.isSingle()) {
            return pool.first().daemon().listModels();
        }
        Map<String, InstalledModel> byName = new LinkedHashMap<>();
        forEachReachable(host -> host.remember(listed(host, byName)));
        return new ArrayList<>(byName.values());
    }

    /**
     * Every host's models, host by host. A host that is down is reported to {@code down} and left out;
     * when none answers, the last failure is thrown.
     */
    public List<HostedModel> listPerHost(java.util.function.BiConsumer<PooledHost, JollamaException> down) {
        List<HostedModel> all = new ArrayList<>();
        JollamaException last = null;
        int answered = 0;
        for (PooledHost host : pool.hosts()) {
            try {
                List<InstalledModel> models = host.daemon().listModels();
                host.remember(models);
                models.forEach(m -> all.add(new HostedModel(host.name(), m)));
                answered++;
            } catch (CancelledException e) {
                throw e;
            } catch (JollamaException e) {
                if (pool.isSingle() || !HostPool.isHostTrouble(e)) {
                    throw e;
                }
                last = e;
                down.accept(host, e);
            }
        }
        if (answered == 0 && last != null) {
            throw last;
        }
        return all;
    }

    private static List<InstalledModel> listed(PooledHost host, Map<String, InstalledModel> into) {
        List<InstalledModel> models = host.daemon().listModels();
        models.forEach(m -> into.putIfAbsent(m.name(), m));
        return models;
    }

    @Override
    public List<RunningModel> runningModels() {
        if (pool.isSingle()) {
            return pool.first().daemon().runningModels();
        }
        List<RunningModel> all = new ArrayList<>();
        forEachReachable(host -> {
            if (host.spec().api() == Api.OLLAMA) {
                all.addAll(host.daemon().runningModels());
            }
        });
        return all;
    }

    /** Runs {@code action} on every host that answers; if none does, the last failure is thrown. */
    private void forEachReachable(Consumer<PooledHost> action) {
        JollamaException last = null;
        int answered = 0;
        for (PooledHost host : pool.hosts()) {
            try {
                action.accept(host);
                answered++;
            } catch (CancelledException e) {
                throw e;
            } catch (UnsupportedByEngineException e) {
                answered++;
            } catch (JollamaException e) {
                if (!HostPool.isHostTrouble(e)) {
                    throw e;
                }
                last = e;
            }
        }
        if (answered == 0 && last != null) {
            throw last;
        }
    }

    private <T> T any(Function<OllamaDaemon, T> action) {
        return pool.call(null, preferred, HostPool.Order.CONFIGURED, new Cancellation(), () -> false, action::apply)
                .value();
    }

    private <T> T withModel(String model, Cancellation cancellation, Function<OllamaDaemon, T> action) {
        return pool.call(model, preferred, HostPool.Order.CONFIGURED, cancellation, () -> false, action::apply)
                .value();
    }

    /** A whole answer with nothing streamed: a host that fails may be replaced by the next. */
    @Override
    public dev.jollama.core.daemon.EmbedResult embed(
            dev.jollama.core.daemon.EmbedRequest request, Cancellation cancellation) {
        return withModel(request.model(), cancellation, d -> d.embed(request, cancellation));
    }

    @Override
    public ModelInfo show(String model) {
        return withModel(model, new Cancellation(), d -> d.show(model));
    }

    @Override
    public void pull(String model, Consumer<PullProgress> progress, Cancellation cancellation) {
        boolean[] started = {false};
        Consumer<PullProgress> seen = p -> {
            started[0] = true;
            progress.accept(p);
        };
        HostPool.Answered<Object> done =
                pool.call(null, preferred, HostPool.Order.CONFIGURED, cancellation, () -> started[0], d -> {
                    d.pull(model, seen, cancellation);
                    return null;
                });
        done.host().forget();
    }

    @Override
    public void delete(String model) {
        HostPool.Answered<Object> done =
                pool.call(model, preferred, HostPool.Order.CONFIGURED, new Cancellation(), () -> false, d -> {
                    d.delete(model);
                    return null;
                });
        done.host().forget();
    }

    @Override
    public void load(String model, String keepAlive) {
        withModel(model, new Cancellation(), d -> {
            d.load(model, keepAlive);
            return null;
        });
    }

    @Override
    public void unload(String model) {
        withModel(model, new Cancellation(), d -> {
            d.unload(model);
            return null;
        });
    }

    @Override
    public Completion chat(ChatRequest request, StreamListener listener, Cancellation cancellation) {
        return answer(
                        request.model(),
                        listener,
                        cancellation,
                        HostPool.Order.CONFIGURED,
                        (d, l) -> d.chat(request, l, cancellation))
                .value();
    }

    @Override
    public Completion generate(GenerateRequest request, StreamListener listener, Cancellation cancellation) {
        return answer(
                        request.model(),
                        listener,
                        cancellation,
                        HostPool.Order.CONFIGURED,
                        (d, l) -> d.generate(request, l, cancellation))
                .value();
    }

    /** An answer and the host that gave it; fails over only before its first byte reached the caller. */
    public HostPool.Answered<Completion> answer(
            String model,
            StreamListener listener,
            Cancellation cancellation,
            HostPool.Order order,
            java.util.function.BiFunction<OllamaDaemon, StreamListener, Completion> action) {
        Watched watched = new Watched(listener);
        return pool.call(model, preferred, order, cancellation, () -> watched.started, d -> action.apply(d, watched));
    }

    /**
     * An answer nobody sees until it is whole (batch): a stream cut or gone silent half-way is sent
     * again to the next host, since nothing of it was shown.
     */
    public HostPool.Answered<Completion> answerUnseen(
            String model,
            Cancellation cancellation,
            HostPool.Order order,
            java.util.function.Function<OllamaDaemon, Completion> action) {
        return pool.call(model, preferred, order, cancellation, () -> false, action::apply);
    }

    /** Notes whether any of the answer reached the caller: from then on a failure cannot move on. */
    private static final class Watched implements StreamListener {
        private final StreamListener target;
        private volatile boolean started;

        Watched(StreamListener target) {
            this.target = target;
        }

        @Override
        public void onContent(String text) {
            started = true;
            target.onContent(text);
        }

        @Override
        public void onThinking(String text) {
            started = true;
            target.onThinking(text);
        }

        @Override
        public void onPause() {
            target.onPause();
        }
    }
}
