package dev.jollama.core.hosts;

import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.CircuitOpenException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.resilience.ResilienceSettings;
import dev.jollama.core.resilience.ResilientOllamaDaemon;
import dev.jollama.core.text.Excerpt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Several hosts tried in turn. A request goes to the first healthy host that has the model and moves
 * on when that host is down, busy or has lost the model, but only while nothing of the answer has
 * arrived: after the first byte a failure is the caller's, so no answer is ever shown twice.
 *
 * <p>With one host it is a pass-through: that host's own retries and breaker, and no model list
 * fetched first. With several, each host is tried once per round (its breaker still counts), and the
 * rounds are the retries, so a dead host costs one refused connection, not its back-off.
 */
public final class HostPool {

    /** How hosts are tried: as configured (the profile's host first), or the one with most free slots. */
    public enum Order {
        CONFIGURED,
        LEAST_LOADED
    }

    /** A result and the host that gave it. */
    public record Answered<T>(T value, PooledHost host) {}

    private final List<PooledHost> hosts;
    private final ResilienceSettings settings;
    private final Consumer<String> trace;

    /** {@code trace}: where "answered by …" and failover notes go (stderr with -v), or null. */
    public HostPool(List<PooledHost> hosts, ResilienceSettings settings, Consumer<String> trace) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no hosts");
        }
        this.hosts = List.copyOf(hosts);
        this.settings = settings;
        this.trace = trace;
    }

    public List<PooledHost> hosts() {
        return hosts;
    }

    public PooledHost first() {
        return hosts.get(0);
    }

    public boolean isSingle() {
        return hosts.size() == 1;
    }

    /** Requests all hosts can run at once: batch's default concurrency. */
    public int totalSlots() {
        return Math.max(1, hosts.stream().mapToInt(h -> h.spec().slots()).sum());
    }

    /**
     * Runs {@code action} on the first suitable host.
     *
     * @param model the model the host must have, or null when any host will do
     * @param preferred the name of the host to try first (a profile's), or null
     * @param started whether the caller has seen part of the answer: then a failure is final
     */
    public <T> Answered<T> call(
            String model,
            String preferred,
            Order order,
            Cancellation cancellation,
            BooleanSupplier started,
            Function<ResilientOllamaDaemon, T> action) {
        if (isSingle()) {
            PooledHost only = hosts.get(0);
            return new Answered<>(only.run(action), only);
        }
        JollamaException last = null;
        List<String> lacking = new ArrayList<>();
        int rounds = Math.max(1, settings.maxAttempts());
        for (int round = 1; ; round++) {
            lacking.clear();
            boolean anyDown = false;
            for (PooledHost host : ordered(preferred, order)) {
                if (cancellation.isCancelled()) {
                    throw new CancelledException();
                }
                try {
                    if (model != null && !host.serves(model)) {
                        lacking.add(host.name());
                        continue;
                    }
                    T value = host.run(action);
                    note("answered by " + host.name() + " (" + host.spec().address() + ")");
                    return new Answered<>(value, host);
                } catch (ModelNotFoundException e) {
                    if (started.getAsBoolean() || model == null) {
                        throw e;
                    }
                    host.forget(); // its list was stale
                    lacking.add(host.name());
                } catch (JollamaException e) {
                    if (started.getAsBoolean() || !isHostTrouble(e)) {
                        throw e;
                    }
                    last = e;
                    anyDown = true;
                    note(host.name() + ": " + e.getMessage() + "; trying the next host");
                }
            }
            if (!anyDown) {
                break;
            }
            if (round >= rounds) {
                throw last;
            }
            if (cancellation.await(backoff(round))) {
                throw new CancelledException();
            }
        }
        throw new ModelNotFoundException(
                model,
                "model '" + Excerpt.of(model) + "' is on none of the hosts (" + String.join(", ", lacking)
                        + "): run `jollama pull " + Excerpt.of(model) + "` (it goes to " + first().name()
                        + "), or `jollama list` to see"
                        + " what each has");
    }

    /** Failing as its breaker counts it, or paused by that breaker: another host may do. */
    static boolean isHostTrouble(JollamaException e) {
        return ResilientOllamaDaemon.isHostFailure(e) || e instanceof CircuitOpenException;
    }

    private Duration backoff(int round) {
        double millis = settings.initialBackoff().toMillis() * Math.pow(settings.multiplier(), round - 1);
        return Duration.ofMillis((long) millis);
    }

    private List<PooledHost> ordered(String preferred, Order order) {
        List<PooledHost> list = new ArrayList<>(hosts);
        Comparator<PooledHost> rank = Comparator.comparing(PooledHost::breakerOpen);
        if (order == Order.LEAST_LOADED) {
            rank = rank.thenComparing(
                    Comparator.comparingInt(PooledHost::freeSlots).reversed());
            if (preferred != null) {
                // The profile's host first while it has a free slot; the others take the overflow.
                rank = Comparator.<PooledHost, Boolean>comparing(
                                h -> !(h.name().equals(preferred) && h.freeSlots() > 0))
                        .thenComparing(rank);
            }
        } else if (preferred != null) {
            rank = Comparator.<PooledHost, Boolean>comparing(h -> !h.name().equals(preferred))
                    .thenComparing(rank);
        }
        list.sort(rank); // stable: equal hosts keep the configured order
        return list;
    }

    private void note(String line) {
        if (trace != null) {
            trace.accept(line);
        }
    }
}
