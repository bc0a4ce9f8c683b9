package dev.jollama.core.resilience;

import dev.jollama.core.daemon.Cancellation;
import dev.jollama.core.daemon.ChatRequest;
import dev.jollama.core.daemon.Completion;
import dev.jollama.core.daemon.GenerateRequest;
import dev.jollama.core.daemon.InstalledModel;
import dev.jollama.core.daemon.ModelInfo;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.daemon.OllamaHost;
import dev.jollama.core.daemon.PullProgress;
import dev.jollama.core.daemon.RunningModel;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.error.CircuitOpenException;
import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.StreamBrokenException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Retries and a circuit breaker around any {@link OllamaDaemon}. A call is retried only when its
 * exception says it is safe ({@link JollamaException#isRetriable()}): the daemon was not reached or
 * answered 503 before a byte of the answer arrived. A stream that broke after its first chunk is
 * never retried, so a user never sees an answer twice.
 */
public final class ResilientOllamaDaemon implements OllamaDaemon {

    private final OllamaDaemon delegate;
    private final Retry retry;
    private final CircuitBreaker breaker;

    public ResilientOllamaDaemon(OllamaDaemon delegate, ResilienceSettings settings) {
        this.delegate = delegate;
        this.retry = Retry.of(
                "ollama",
                RetryConfig.custom()
                        .maxAttempts(Math.max(1, settings.maxAttempts()))
                        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                                settings.initialBackoff(), settings.multiplier(), settings.jitter()))
                        .retryOnException(e -> e instanceof JollamaException j && j.isRetriable())
                        .build());
        this.breaker = CircuitBreaker.of(
                "ollama",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(settings.slidingWindow())
                        .minimumNumberOfCalls(settings.minimumCalls())
                        .failureRateThreshold(settings.failureRateThreshold())
                        .waitDurationInOpenState(settings.openWait())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .recordException(ResilientOllamaDaemon::isDaemonFailure)
                        .build());
    }

    /** Failures that say the daemon is unwell; a missing model or a bad request says nothing of that. */
    private static boolean isDaemonFailure(Throwable e) {
        if (e instanceof DaemonErrorException d) {
            return d.status() >= 500;
        }
        return e instanceof JollamaException j && (j.isRetriable() || j instanceof StreamBrokenException);
    }

    public BreakerStatus breakerStatus() {
        CircuitBreaker.Metrics m = breaker.getMetrics();
        return new BreakerStatus(
                breaker.getState().name(),
                m.getNumberOfBufferedCalls(),
                m.getNumberOfFailedCalls(),
                Math.max(0f, m.getFailureRate()));
    }

    private <T> T call(Supplier<T> action) {
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker, action);
        Supplier<T> translated = () -> {
            try {
                return guarded.get();
            } catch (CallNotPermittedException open) {
                throw new CircuitOpenException(delegate.host().uri());
            }
        };
        return Retry.decorateSupplier(retry, translated).get();
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
}
