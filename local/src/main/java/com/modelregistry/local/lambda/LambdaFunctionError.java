package com.modelregistry.local.lambda;

/**
 * A function error as Lambda reports it: {@code errorType} is what the Java runtime reports, the thrown
 * exception's fully qualified class name (what a state machine's {@code ErrorEquals} matches),
 * {@code errorMessage} its message.
 */
public final class LambdaFunctionError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String errorType;

  public LambdaFunctionError(String errorType, String errorMessage, Throwable cause) {
    super(errorMessage, cause);
    this.errorType = errorType;
  }

  public String errorType() {
    return errorType;
  }

  public String errorMessage() {
    return getMessage();
  }
}
