package com.modelregistry.local.states.asl;

/** A syntactically valid path that can't be applied to the JSON it was given (no such field, wrong type). */
public final class PathResolutionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PathResolutionException(String message) {
    super(message);
  }
}
