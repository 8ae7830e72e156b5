package com.modelregistry.local.states.handlers;

/** A function's own error type, which a state machine's ErrorEquals names by its class name. */
public final class ModelRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
