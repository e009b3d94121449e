package io.callvault.consent;

import java.time.Duration;
import java.util.Objects;

/**
 * How an unanswered consent question is asked again (consent.retry.*): exponential backoff from
 * {@code initialBackoff}, doubling, never longer than {@code maxBackoff}, at most {@code maxAttempts} attempts
 * in all. The ingest route's redelivery carries it out.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  public static final int MULTIPLIER = 2;

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("backoffs must not be negative");
    }
  }

  /**
   * The placeholders of the consent route's redelivery (routes/ingest-errors.camel.yaml): redeliveries after
   * the first attempt, the first delay and the longest, in milliseconds.
   */
  public java.util.Map<String, String> routeProperties() {
    return java.util.Map.of(
        "consent.retry.redeliveries", Integer.toString(maxAttempts - 1),
        "consent.retry.initial-backoff-millis", Long.toString(initialBackoff.toMillis()),
        "consent.retry.max-backoff-millis", Long.toString(maxBackoff.toMillis()));
  }
}
