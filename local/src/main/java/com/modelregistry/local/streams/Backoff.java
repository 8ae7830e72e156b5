package com.modelregistry.local.streams;

import java.time.Duration;

/** How long to wait before a retry: {@code first}, doubling with every attempt, never more than {@code max}. */
final class Backoff {

  private Backoff() {}

  /** @param attempt the attempt that failed, from 1 */
  static Duration delay(int attempt, Duration first, Duration max) {
    if (attempt <= 1) {
      return first;
    }
    int doublings = Math.min(attempt - 1, 30);
    long millis = first.toMillis() << doublings;
    return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
  }
}
