package com.modelregistry.local.events;

/**
 * A target could not take an event. {@code retryable}: trying again may help (a function error, a
 * 5xx/429 answer, a refused connection); otherwise the event goes straight to the dead letters.
 */
final class DeliveryFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  DeliveryFailure(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  boolean retryable() {
    return retryable;
  }
}
