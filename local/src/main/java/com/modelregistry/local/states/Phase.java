package com.modelregistry.local.states;

/** Where a running execution stands in its current state. */
enum Phase {
  /** About to enter the state (its Entered event is not recorded yet). */
  READY,
  /** Entered; the state's work is next. */
  ENTERED,
  /** A Wait state, until {@code wakeAt}. */
  WAITING,
  /** A task's Lambda invocation is in flight. */
  TASK_RUNNING,
  /** A {@code .waitForTaskToken} task waits for SendTaskSuccess/SendTaskFailure. */
  TASK_CALLBACK,
  /** A failed Task, Parallel or Map state waits until {@code wakeAt} for its next attempt. */
  RETRY_BACKOFF,
  /** A Parallel or Map state waits for its branches (iterations). */
  BRANCHES
}
