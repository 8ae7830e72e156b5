package com.modelregistry.local.states;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one thread that owns all state machines and executions: API operations, timer firings and task
 * results all run on it, one after the other, so no state is ever shared between threads. Nothing on it
 * blocks on anything but the disk (Lambda handlers run on their own threads).
 */
final class EngineThread implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EngineThread.class.getName());

  private final WorkTracker tracker;
  private final ExecutorService executor;
  private volatile Thread thread;

  EngineThread(WorkTracker tracker) {
    this.tracker = tracker;
    this.executor = Executors.newSingleThreadExecutor(runnable -> {
      Thread t = new Thread(runnable, "step-functions-engine");
      t.setDaemon(true);
      thread = t;
      return t;
    });
  }

  /** Runs the job on the engine thread, later; a failure is logged (a job must handle its own errors). */
  void post(Runnable job) {
    tracker.begin();
    try {
      executor.execute(() -> {
        try {
          job.run();
        } catch (RuntimeException | Error e) {
          LOG.log(Level.SEVERE, "Step Functions engine job failed", e);
        } finally {
          tracker.end();
        }
      });
    } catch (RejectedExecutionException e) {
      tracker.end(); // closed: the job is dropped, as a crash would drop it
    }
  }

  /** Runs the operation on the engine thread and returns its result (or throws its exception). */
  <T> T call(Callable<T> operation) {
    if (Thread.currentThread() == thread) {
      return unchecked(operation);
    }
    Future<T> future;
    tracker.begin();
    try {
      future = executor.submit(() -> {
        try {
          return operation.call();
        } finally {
          tracker.end();
        }
      });
    } catch (RejectedExecutionException e) {
      tracker.end();
      throw new IllegalStateException("the Step Functions service is closed");
    }
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Step Functions engine", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  private static <T> T unchecked(Callable<T> operation) {
    try {
      return operation.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
