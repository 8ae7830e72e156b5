package com.modelregistry.local.states;

import java.time.Duration;

/**
 * Counts work under way (engine jobs queued or running, Lambda invocations in flight), so that a caller
 * can wait until the service has nothing left to do without polling.
 */
final class WorkTracker {

  private int pending;

  synchronized void begin() {
    pending++;
  }

  synchronized void end() {
    pending--;
    if (pending == 0) {
      notifyAll();
    }
  }

  /** @return false if work was still under way when the timeout passed */
  synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending > 0) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      wait(Math.max(1, remaining / 1_000_000));
    }
    return true;
  }
}
