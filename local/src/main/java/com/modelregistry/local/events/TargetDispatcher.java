package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.aws.AwsJsonService;
import com.modelregistry.local.lambda.LambdaInvoker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Delivers matched events to their targets on its own threads, so PutEvents never waits for a target. A
 * failed attempt that may succeed later is retried, at most {@link #MAX_ATTEMPTS} attempts in all, after
 * 100 ms, then 200 ms; then, or at once when retrying can't help, the event goes to the dead letters.
 * Every delivery's outcome is written to the event log.
 */
final class TargetDispatcher implements AutoCloseable {

  static final int MAX_ATTEMPTS = 3;
  static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(100);

  private static final int THREADS = 4;

  private final ScheduledExecutorService executor;
  private final LambdaTargetInvoker lambda;
  private final HttpTargetInvoker http = new HttpTargetInvoker();
  private final StepFunctionsTargetInvoker stepFunctions;
  private final LogsTargetInvoker logs;
  private final EventLog log;
  private final DeadLetters deadLetters;
  private final Clock clock;
  private final AtomicInteger pending = new AtomicInteger();
  private final Object idle = new Object();

  /** @param logsDirectory where CloudWatch Logs targets' files go ({@link LogsTargetInvoker}) */
  TargetDispatcher(LambdaInvoker lambdas, Function<String, Optional<AwsJsonService>> awsServices, Path logsDirectory,
      EventLog log, DeadLetters deadLetters, Clock clock) {
    this.lambda = new LambdaTargetInvoker(lambdas);
    this.stepFunctions = new StepFunctionsTargetInvoker(awsServices);
    this.logs = new LogsTargetInvoker(logsDirectory);
    this.log = log;
    this.deadLetters = deadLetters;
    this.clock = clock;
    AtomicInteger threads = new AtomicInteger();
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(THREADS, runnable -> {
      Thread thread = new Thread(runnable, "eventbridge-delivery-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.executor = pool;
  }

  /** Queues the delivery; returns at once. */
  void dispatch(Delivery delivery) {
    pending.incrementAndGet();
    try {
      executor.execute(() -> attempt(delivery, 1));
    } catch (RuntimeException e) {
      finished();
      throw e;
    }
  }

  /** Waits until no delivery is queued, under way or waiting for a retry; false on timeout. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (pending.get() > 0) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
          return false;
        }
        idle.wait(remaining);
      }
    }
    return true;
  }

  private void attempt(Delivery delivery, int attempt) {
    JsonNode input = delivery.event();
    try {
      input = TargetInput.of(delivery.target(), delivery.event());
      invoker(delivery.target()).deliver(delivery.target(), input);
      log.recordDelivery(delivery, "DELIVERED", attempt, null, clock.instant());
      finished();
    } catch (DeliveryFailure failure) {
      if (failure.retryable() && attempt < MAX_ATTEMPTS) {
        retryLater(delivery, attempt + 1);
      } else {
        deadLetter(delivery, input, attempt, failure.getMessage());
      }
    } catch (RuntimeException e) {
      deadLetter(delivery, input, attempt, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private void retryLater(Delivery delivery, int nextAttempt) {
    long delayMillis = FIRST_RETRY_DELAY.toMillis() << (nextAttempt - 2);
    try {
      executor.schedule(() -> attempt(delivery, nextAttempt), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      finished(); // shutting down: the delivery ends here
    }
  }

  private void deadLetter(Delivery delivery, JsonNode input, int attempts, String error) {
    try {
      deadLetters.record(delivery, input, attempts, error, clock.instant());
      log.recordDelivery(delivery, "DEAD_LETTERED", attempts, error, clock.instant());
      System.err.println("EventBridge: event " + delivery.eventId() + " to target " + delivery.target().id()
          + " of rule " + delivery.rule().name() + " failed after " + attempts + " attempt(s): " + error
          + " (dead letter in " + deadLetters.path() + ")");
    } finally {
      finished();
    }
  }

  private TargetInvoker invoker(EventTarget target) throws DeliveryFailure {
    return switch (TargetKind.of(target.arn())) {
      case LAMBDA -> lambda;
      case HTTP -> http;
      case STEP_FUNCTIONS -> stepFunctions;
      case LOGS -> logs;
      case UNSUPPORTED -> throw new DeliveryFailure("the local runtime does not deliver to " + target.arn()
          + " (it delivers to Lambda functions, state machines, CloudWatch Logs log groups and http(s) URLs on this"
          + " machine)", false);
    };
  }

  private void finished() {
    if (pending.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /** Stops delivering; deliveries under way get two seconds to end. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
