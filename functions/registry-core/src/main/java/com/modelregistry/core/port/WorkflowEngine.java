package com.modelregistry.core.port;

/**
 * The promotion workflow's engine (Step Functions in AWS, the local interpreter locally). An execution
 * is named after its promotion, so starting twice can't run two workflows.
 */
public interface WorkflowEngine {

  /** The ARN the execution of a promotion has (or will have): executions are named after their promotion. */
  String executionArnOf(String promotionId);

  /** Starts the promotion workflow with input {@code {"promotionId": ...}}; returns the execution's ARN. */
  String start(String promotionId);

  /** Stops a running execution (no-op if it already ended). */
  void stop(String executionArn, String reason);

  /**
   * Completes the approval task waiting on {@code taskToken} with {@code outputJson}.
   *
   * @return false if the task no longer waits (timed out, or the execution ended)
   */
  boolean completeTask(String taskToken, String outputJson);
}
