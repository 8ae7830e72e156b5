package com.modelregistry.core.service;

import com.modelregistry.core.ConcurrentUpdateException;
import com.modelregistry.core.RegistryException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs a read-decide-commit step again when its commit lost to a concurrent change, with jittered
 * backoff. Every attempt re-reads, so a retried step decides on fresh state (a version number is never
 * duplicated or skipped).
 */
public final class Retrying {
  static final int MAX_ATTEMPTS = 60;

  private Retrying() {}

  public static <T> T onConflict(String what, Supplier<T> attempt) {
    for (int i = 1; ; i++) {
      try {
        return attempt.get();
      } catch (ConcurrentUpdateException e) {
        if (i >= MAX_ATTEMPTS) {
          throw RegistryException.conflict(what + " kept losing to concurrent changes; retry the request");
        }
        sleep(Math.min(200, 2L << Math.min(i, 7)));
      }
    }
  }

  private static void sleep(long capMillis) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, capMillis + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RegistryException.conflict("interrupted while retrying");
    }
  }
}
