package dev.jollama.core.resilience;

/** What the circuit breaker knows right now, for {@code jollama status --verbose}. */
public record BreakerStatus(String state, int bufferedCalls, int failedCalls, float failureRate) {}
