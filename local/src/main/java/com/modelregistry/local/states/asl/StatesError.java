package com.modelregistry.local.states.asl;

/**
 * An error a state reports, named as the Amazon States Language names errors ({@code States.Runtime},
 * {@code States.Timeout}, or a task's own name such as {@code java.lang.IllegalStateException}), with a
 * human-readable cause. Retriers and catchers match the name.
 */
public final class StatesError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String error;
  private final String cause;

  public StatesError(String error, String cause) {
    super(error + ": " + cause);
    this.error = error;
    this.cause = cause;
  }

  public static StatesError runtime(String cause) {
    return new StatesError(ErrorNames.RUNTIME, cause);
  }

  public static StatesError intrinsicFailure(String cause) {
    return new StatesError(ErrorNames.INTRINSIC_FAILURE, cause);
  }

  public String error() {
    return error;
  }

  /** The cause, possibly null (SendTaskFailure may give none). */
  public String cause() {
    return cause;
  }

  /** The same error with its cause prefixed, e.g. with the state it happened in. */
  public StatesError withCausePrefix(String prefix) {
    return new StatesError(error, prefix + (cause == null ? "" : cause));
  }
}
