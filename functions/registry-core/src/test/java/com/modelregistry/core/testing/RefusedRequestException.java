package com.modelregistry.core.testing;

/**
 * The storage service answered a presigned request with an error status (S3 would answer 400 BadDigest,
 * 403 SignatureDoesNotMatch or AccessDenied, 404 NoSuchKey/NoSuchUpload). Contract suites expect their
 * {@code upload}/{@code download} implementations to throw this for any non-2xx answer.
 */
public final class RefusedRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String errorCode;

  public RefusedRequestException(int status, String errorCode, String message) {
    super(status + " " + errorCode + ": " + message);
    this.status = status;
    this.errorCode = errorCode;
  }

  public int status() {
    return status;
  }

  public String errorCode() {
    return errorCode;
  }
}
