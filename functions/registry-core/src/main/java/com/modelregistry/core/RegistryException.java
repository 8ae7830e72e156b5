package com.modelregistry.core;

/** A failure a client can act on: a code from the API's error table and a message that says what to do. */
public class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  public RegistryException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static RegistryException invalid(String message) {
    return new RegistryException(ErrorCode.INVALID_ARGUMENT, message);
  }

  public static RegistryException notFound(String message) {
    return new RegistryException(ErrorCode.NOT_FOUND, message);
  }

  public static RegistryException precondition(String message) {
    return new RegistryException(ErrorCode.FAILED_PRECONDITION, message);
  }

  public static RegistryException conflict(String message) {
    return new RegistryException(ErrorCode.CONFLICT, message);
  }

  public static RegistryException alreadyExists(String message) {
    return new RegistryException(ErrorCode.ALREADY_EXISTS, message);
  }

  /** A failure the caller can't fix; the message must not reveal internals. */
  public static RegistryException internal(String message) {
    return new RegistryException(ErrorCode.INTERNAL, message);
  }

  public static RegistryException gone(String message) {
    return new RegistryException(ErrorCode.GONE, message);
  }

  public static RegistryException denied(String message) {
    return new RegistryException(ErrorCode.PERMISSION_DENIED, message);
  }
}
