package com.modelregistry.core;

/** The API's error codes (API.md, "Errors") with their HTTP status. */
public enum ErrorCode {
  INVALID_ARGUMENT(400),
  UNAUTHENTICATED(401),
  PERMISSION_DENIED(403),
  NOT_FOUND(404),
  ALREADY_EXISTS(409),
  CONFLICT(409),
  GONE(410),
  FAILED_PRECONDITION(412),
  PAYLOAD_TOO_LARGE(413),
  INTERNAL(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
