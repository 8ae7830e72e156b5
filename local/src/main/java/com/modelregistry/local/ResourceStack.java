package com.modelregistry.local;

import java.util.ArrayDeque;
import java.util.Deque;

/** What a runtime has started, closed in reverse order; a failure to close one doesn't skip the rest. */
final class ResourceStack implements AutoCloseable {

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  <T extends AutoCloseable> T push(T resource) {
    resources.push(resource);
    return resource;
  }

  /** Closes everything; the first failure is rethrown, later ones are attached to it as suppressed. */
  @Override
  public void close() {
    RuntimeException failure = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("shutdown failed: " + e.getMessage(), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
