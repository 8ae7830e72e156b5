package com.modelregistry.local.aws;

/**
 * An error as AWS's protocols report it: an error type ({@code __type} / {@code x-amzn-ErrorType},
 * e.g. {@code InvalidArn}, {@code ExecutionDoesNotExist}), a message and the HTTP status (400 for
 * client errors unless the service documents another).
 */
public final class AwsServiceError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String errorType;
  private final int httpStatus;

  public AwsServiceError(String errorType, String message) {
    this(errorType, message, 400);
  }

  public AwsServiceError(String errorType, String message, int httpStatus) {
    super(message);
    this.errorType = errorType;
    this.httpStatus = httpStatus;
  }

  public String errorType() {
    return errorType;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
