package com.modelregistry.local.states;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs jobs when the {@link LocalClock} reaches their instant: at once when the clock is advanced past
 * it, and, for a ticking clock, from a timer thread that sleeps until the earliest one. Jobs are handed
 * to the engine; they check on their own whether they still apply (a timer is never cancelled, a stale
 * one does nothing).
 */
final class Scheduler implements AutoCloseable {

  private final LocalClock clock;
  private final Consumer<Runnable> engine;
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final ScheduledExecutorService waker;
  private final Runnable clockListener = this::fireDue;
  private ScheduledFuture<?> wakeup;
  private long sequence;
  private boolean closed;

  Scheduler(LocalClock clock, Consumer<Runnable> engine) {
    this.clock = clock;
    this.engine = engine;
    this.waker = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "step-functions-timer");
      thread.setDaemon(true);
      return thread;
    });
    clock.addListener(clockListener);
  }

  void at(Instant when, Runnable job) {
    synchronized (this) {
      if (closed) {
        return;
      }
      timers.add(new Timer(when, sequence++, job));
    }
    fireDue();
  }

  /** Hands every job that is due to the engine, then sleeps until the next one (ticking clock only). */
  void fireDue() {
    List<Runnable> due = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      Instant now = clock.now();
      while (!timers.isEmpty() && !timers.peek().when().isAfter(now)) {
        due.add(timers.poll().job());
      }
      if (wakeup != null) {
        wakeup.cancel(false);
        wakeup = null;
      }
      if (clock.ticking() && !timers.isEmpty()) {
        long delay = Math.max(1, Duration.between(now, timers.peek().when()).toMillis());
        wakeup = waker.schedule(this::fireDue, delay, TimeUnit.MILLISECONDS);
      }
    }
    due.forEach(engine);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      timers.clear();
    }
    clock.removeListener(clockListener);
    waker.shutdownNow();
  }

  private record Timer(Instant when, long sequence, Runnable job) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer other) {
      int byTime = when.compareTo(other.when);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }
}
