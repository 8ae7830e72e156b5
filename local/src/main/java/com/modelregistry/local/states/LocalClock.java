package com.modelregistry.local.states;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The clock of the local Step Functions: Wait states, retry intervals, task timeouts and heartbeats are
 * measured on it. {@link #system()} follows real time; {@link #fixed(Instant)} stands still, so tests move
 * it with {@link #advance(Duration)} and never sleep. Either can be advanced; whatever falls due when it
 * is advanced runs at once (the scheduler listens), so after {@code advance} a test only needs to wait
 * for the service to become idle ({@link StepFunctionsService#awaitIdle(Duration)}).
 */
public final class LocalClock {

  private final Instant frozenAt;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile Duration offset = Duration.ZERO;

  private LocalClock(Instant frozenAt) {
    this.frozenAt = frozenAt;
  }

  /** Real time (plus whatever {@link #advance} added). */
  public static LocalClock system() {
    return new LocalClock(null);
  }

  /** A clock that stands still at {@code start} and moves only with {@link #advance}. */
  public static LocalClock fixed(Instant start) {
    return new LocalClock(start.truncatedTo(ChronoUnit.MILLIS));
  }

  /** Now, to the millisecond (what Step Functions records). */
  public Instant now() {
    Instant base = frozenAt != null ? frozenAt : Instant.now();
    return base.plus(offset).truncatedTo(ChronoUnit.MILLIS);
  }

  /** Whether time passes by itself (the system clock) rather than only through {@link #advance}. */
  public boolean ticking() {
    return frozenAt == null;
  }

  /** Moves the clock forward; waits, retries and timeouts that fall due run right away. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward, got " + duration);
    }
    synchronized (this) {
      offset = offset.plus(duration);
    }
    listeners.forEach(Runnable::run);
  }

  void addListener(Runnable listener) {
    listeners.add(listener);
  }

  void removeListener(Runnable listener) {
    listeners.remove(listener);
  }
}
