package dev.jollama.core.resilience;

import dev.jollama.core.daemon.ForwardingOllamaDaemon;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.error.CancelledException;
import dev.jollama.core.error.CircuitOpenException;
import dev.jollama.core.error.DaemonErrorException;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.JollamaException;
import dev.jollama.core.error.StreamBrokenException;
import dev.jollama.core.http.Cancellation;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.text.Durations;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Retries and a circuit breaker around any {@link OllamaDaemon}. A call is retried only when its
 * exception says it is safe ({@link JollamaException#isRetriable()}): the daemon was not reached or
 * answered 503 before a byte of the answer arrived. A stream that broke after its first chunk is
 * never retried, so a user never sees an answer twice.
 *
 * <p>The breaker sees one outcome per call, its retries included: three attempts that end in an
 * answer are one success, not two failures and a success. Resilience4j's {@code Retry} decorator
 * sleeps its back-off with {@code Thread.sleep}, which a cancel cannot cut short; the attempts are
 * therefore counted here, with the back-off and the retry rule taken from its {@link RetryConfig}, and
 * the wait is {@link Cancellation#await}.
 */
public final class ResilientOllamaDaemon extends ForwardingOllamaDaemon {

    private final RetryConfig retry;
    private final IntervalFunction backoff;
    private final CircuitBreaker breaker;
    private final Duration openWait;
    private volatile JollamaException lastFailure;
    private volatile long openedAt;

    public ResilientOllamaDaemon(OllamaDaemon delegate, ResilienceSettings settings) {
        super(delegate);
        this.openWait = settings.openWait();
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(
                settings.initialBackoff(), settings.multiplier(), settings.jitter());
        this.retry = RetryConfig.custom()
                .maxAttempts(Math.max(1, settings.maxAttempts()))
                .intervalFunction(backoff)
                .retryOnException(e -> e instanceof JollamaException j && j.isRetriable())
                .build();
        this.breaker = CircuitBreaker.of(
                "ollama",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(settings.slidingWindow())
                        .minimumNumberOfCalls(settings.minimumCalls())
                        .failureRateThreshold(settings.failureRateThreshold())
                        .waitDurationInOpenState(settings.openWait())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .recordException(ResilientOllamaDaemon::isHostFailure)
                        // A cancel says nothing of the daemon: it neither fails nor succeeds a call.
                        .ignoreExceptions(CancelledException.class)
                        .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt = System.nanoTime();
            }
        });
    }

    /**
     * The one rule of what counts against a host, for its breaker and for moving on to another host:
     * not reached (refused, dropped, a connect or TLS failure, no such name), busy (503, or 429 from an
     * OpenAI-compatible engine), a gateway in front of it failing (502, 504), or an answer that broke or
     * ran out of time. A model's own error says nothing of the host, which answered it properly: a
     * missing model, a 4xx (a bad request, an input longer than the context, no tools), a 500 with the
     * engine's words (a model too large for the memory left, a runner that crashed on this input), an
     * error line mid-stream. Three items of a batch that the model fails must not pause the rest.
     */
    public static boolean isHostFailure(Throwable e) {
        if (e instanceof DaemonErrorException d) {
            return d.isRetriable() || d.status() == 502 || d.status() == 504;
        }
        return e instanceof DaemonUnreachableException || e instanceof StreamBrokenException;
    }

    public BreakerStatus breakerStatus() {
        CircuitBreaker.Metrics m = breaker.getMetrics();
        int buffered = m.getNumberOfBufferedCalls();
        int failed = m.getNumberOfFailedCalls();
        // Resilience4j reports -1 until it has its minimum of calls; the numbers shown must agree.
        float rate = buffered == 0 ? 0f : 100f * failed / buffered;
        return new BreakerStatus(breaker.getState().name(), buffered, failed, rate);
    }

    @Override
    protected <T> T call(Cancellation cancellation, Supplier<T> action) {
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker, () -> attempts(cancellation, action));
        try {
            return guarded.get();
        } catch (CallNotPermittedException open) {
            throw new CircuitOpenException(delegate().host().uri(), openMessage());
        } catch (JollamaException e) {
            if (isHostFailure(e)) {
                lastFailure = e;
            }
            throw e;
        }
    }

    private <T> T attempts(Cancellation cancellation, Supplier<T> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (JollamaException e) {
                if (attempt >= retry.getMaxAttempts()
                        || !retry.getExceptionPredicate().test(e)) {
                    throw e;
                }
                Duration wait = Duration.ofMillis(backoff.apply(attempt));
                if (cancellation.await(wait)) {
                    throw new CancelledException();
                }
            }
        }
    }

    /** What the failures that opened the breaker were, and how long requests stay paused. */
    private String openMessage() {
        BreakerStatus status = breakerStatus();
        long left =
                Math.max(1, openWait.minusNanos(System.nanoTime() - openedAt).toSeconds());
        String pause = "; pausing requests for " + left + " s";
        OllamaHost host = delegate().host();
        String engine = delegate().engine();
        boolean ollama = engine.equals("Ollama at " + host);
        // Calls, not connections: each call made its retries before it counted as one failure.
        String failed = status.failedCalls() + " of the last " + status.bufferedCalls() + " requests";
        JollamaException last = lastFailure;
        if (last instanceof DaemonUnreachableException u) {
            return switch (u.reason()) {
                case REFUSED ->
                    ollama
                            ? "Ollama is not reachable at " + host + " (" + failed + " refused): start it with"
                                    + " `ollama serve`" + pause
                            : engine + " is not reachable (" + failed + " refused): is it running, and is this its"
                                    + " /v1 address?" + pause;
                case DROPPED -> engine + " dropped the connection (" + failed + " failed)" + pause;
                case CONNECT_TIMEOUT -> engine + " did not accept a connection (" + failed + " failed)" + pause;
                default -> last.getMessage() + " (" + failed + " failed)" + pause;
            };
        }
        if (last instanceof DaemonErrorException d && d.status() == DaemonErrorException.SERVER_BUSY) {
            return engine + " is busy (its request queue was full for " + failed + ")" + pause;
        }
        if (last != null) {
            return engine + " failed " + failed + " (last: " + last.getMessage() + ")" + pause;
        }
        return engine + " failed " + failed + pause + " (after " + Durations.human(openWait) + ")";
    }
}
