package com.modelregistry.local.states.asl;

import java.util.List;

/**
 * A Task state: runs its {@link TaskResource}, retries and catches its errors, and times out after
 * {@code TimeoutSeconds} or when no heartbeat came for {@code HeartbeatSeconds} (null: no limit).
 */
public record TaskState(
    String name,
    TaskResource resource,
    Path inputPath,
    PayloadTemplate parameters,
    PayloadTemplate resultSelector,
    ReferencePath resultPath,
    Path outputPath,
    List<Retrier> retriers,
    List<Catcher> catchers,
    Integer timeoutSeconds,
    Path timeoutSecondsPath,
    Integer heartbeatSeconds,
    Path heartbeatSecondsPath,
    Transition transition) implements State, RetryingState {

  public TaskState {
    retriers = List.copyOf(retriers);
    catchers = List.copyOf(catchers);
  }

  @Override
  public String type() {
    return "Task";
  }
}
