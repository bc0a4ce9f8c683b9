package dev.jollama.core.resilience;

import java.time.Duration;

/**
 * Retry and circuit-breaker tuning.
 *
 * @param maxAttempts calls in all, the first included; 1 turns retrying off
 * @param initialBackoff wait before the first retry; doubles (times {@code multiplier}) after each
 * @param jitter random spread of each wait, 0 to 1, so that several jollama processes do not retry in step
 * @param failureRateThreshold percentage of failed recent calls that opens the breaker
 * @param slidingWindow how many recent calls the breaker looks at
 * @param minimumCalls calls needed before the breaker may open
 * @param openWait how long an open breaker fails calls at once before it lets a probe through
 */
public record ResilienceSettings(
        int maxAttempts,
        Duration initialBackoff,
        double multiplier,
        double jitter,
        float failureRateThreshold,
        int slidingWindow,
        int minimumCalls,
        Duration openWait) {

    public static final ResilienceSettings DEFAULT =
            new ResilienceSettings(3, Duration.ofMillis(200), 2.0, 0.5, 50f, 10, 4, Duration.ofSeconds(30));
}
