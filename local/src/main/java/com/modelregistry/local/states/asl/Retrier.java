package com.modelregistry.local.states.asl;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A Retrier: for the errors it names, up to {@code maxAttempts} retries (0: never), the first after
 * {@code intervalSeconds}, each next one {@code backoffRate} times longer, capped at
 * {@code maxDelaySeconds} (null: no cap); with {@code FULL} jitter a delay is drawn uniformly between
 * 0 and that value.
 */
public record Retrier(
    List<String> errorEquals,
    int intervalSeconds,
    int maxAttempts,
    double backoffRate,
    Integer maxDelaySeconds,
    boolean fullJitter) {

  public static final int DEFAULT_INTERVAL_SECONDS = 1;
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final double DEFAULT_BACKOFF_RATE = 2.0;

  public Retrier {
    errorEquals = List.copyOf(errorEquals);
  }

  public boolean matches(String error) {
    return errorEquals.stream().anyMatch(pattern -> ErrorNames.matches(pattern, error));
  }

  /**
   * The delay before the next retry, when this retrier has already retried {@code retriesSoFar} times.
   */
  public Duration delay(int retriesSoFar, Random random) {
    double seconds = intervalSeconds * Math.pow(backoffRate, retriesSoFar);
    if (maxDelaySeconds != null) {
      seconds = Math.min(seconds, maxDelaySeconds);
    }
    if (fullJitter) {
      seconds = random.nextDouble() * seconds;
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }
}
