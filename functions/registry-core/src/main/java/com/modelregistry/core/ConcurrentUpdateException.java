package com.modelregistry.core;

/**
 * A store's conditional write lost to a concurrent change. Services retry the whole
 * read-decide-commit step; if they give up, the client sees CONFLICT.
 */
public final class ConcurrentUpdateException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public ConcurrentUpdateException(String message) {
    super(ErrorCode.CONFLICT, message);
  }
}
