package dev.jollama.core.hosts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.jollama.core.daemon.RunningModel;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.NotTheEngineException;
import dev.jollama.core.error.UnsupportedByEngineException;
import dev.jollama.core.resilience.BreakerStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code status} says of one host: reachable or why not, its version, the models it has loaded
 * (null when its API cannot tell) and its breaker.
 *
 * @param state what the host is, in a few words, when it is not up (else null): not answering, not
 *     the engine, or answering with an error; {@link #error} says the rest
 */
public record HostReport(
        String name,
        String api,
        String host,
        boolean reachable,
        String version,
        List<RunningModel> loaded,
        String error,
        BreakerStatus circuitBreaker,
        @JsonIgnore String state) {

    /** Asks every host at once, so that a dead one costs its connect timeout once, not per host. */
    public static List<HostReport> of(HostPool pool) {
        if (pool.isSingle()) {
            return List.of(of(pool.first()));
        }
        List<CompletableFuture<HostReport>> asks = pool.hosts().stream()
                .map(h -> CompletableFuture.supplyAsync(() -> of(h)))
                .toList();
        return asks.stream().map(CompletableFuture::join).toList();
    }

    static HostReport of(PooledHost h) {
        String version = null;
        List<RunningModel> loaded = null;
        String error = null;
        String state = null;
        try {
            version = h.daemon().version();
            try {
                loaded = h.daemon().runningModels();
            } catch (UnsupportedByEngineException e) {
                loaded = null; // the OpenAI API has no "what is loaded"
            }
        } catch (CancelledException e) {
            throw e;
        } catch (NotTheEngineException e) {
            error = e.getMessage();
            state = h.spec().api() == Api.OLLAMA ? "not an Ollama daemon" : "not an OpenAI-compatible server";
        } catch (DaemonUnreachableException e) {
            error = e.getMessage();
            state = "not answering";
        } catch (JollamaException e) {
            error = e.getMessage();
            state = "answering with an error";
        }
        return new HostReport(
                h.name(),
                h.spec().api().label(),
                h.spec().address().toString(),
                error == null,
                version,
                loaded,
                error,
                h.daemon().breakerStatus(),
                state);
    }
}
