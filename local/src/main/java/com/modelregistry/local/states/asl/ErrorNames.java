package com.modelregistry.local.states.asl;

import java.util.Set;

/**
 * The error names the Amazon States Language predefines, and how a Retrier's or Catcher's
 * {@code ErrorEquals} matches an error.
 *
 * <p>Matching follows the spec and AWS's documentation: a name matches itself; {@code States.ALL}
 * matches every error except {@code States.Runtime} and {@code States.DataLimitExceeded}, which always
 * end the execution; {@code States.TaskFailed} matches every error except those two and the timeouts;
 * {@code States.Timeout} also matches {@code States.HeartbeatTimeout} (the spec: States.Timeout is "a
 * Task State either ran longer than TimeoutSeconds, or failed to heartbeat for longer than
 * HeartbeatSeconds").
 */
public final class ErrorNames {

  public static final String ALL = "States.ALL";
  public static final String TIMEOUT = "States.Timeout";
  public static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
  public static final String TASK_FAILED = "States.TaskFailed";
  public static final String PERMISSIONS = "States.Permissions";
  public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
  public static final String PARAMETER_PATH_FAILURE = "States.ParameterPathFailure";
  public static final String BRANCH_FAILED = "States.BranchFailed";
  public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
  public static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
  public static final String RUNTIME = "States.Runtime";
  public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";

  /** Every predefined name; an {@code ErrorEquals} entry starting with {@code States.} must be one of them. */
  public static final Set<String> PREDEFINED = Set.of(
      ALL, TIMEOUT, HEARTBEAT_TIMEOUT, TASK_FAILED, PERMISSIONS, RESULT_PATH_MATCH_FAILURE,
      PARAMETER_PATH_FAILURE, BRANCH_FAILED, NO_CHOICE_MATCHED, INTRINSIC_FAILURE, RUNTIME,
      DATA_LIMIT_EXCEEDED, "States.ExceedToleratedFailureThreshold", "States.ItemReaderFailed",
      "States.ResultWriterFailed", "States.QueryEvaluationError");

  private ErrorNames() {}

  /** Whether no Retrier or Catcher can handle the error: the execution fails at once. */
  public static boolean isTerminal(String error) {
    return RUNTIME.equals(error) || DATA_LIMIT_EXCEEDED.equals(error);
  }

  /** Whether one {@code ErrorEquals} entry matches the error a state reported. */
  public static boolean matches(String pattern, String error) {
    String name = error == null ? "" : error;
    if (isTerminal(name)) {
      return false;
    }
    return switch (pattern) {
      case ALL -> true;
      case TASK_FAILED -> !TIMEOUT.equals(name) && !HEARTBEAT_TIMEOUT.equals(name);
      case TIMEOUT -> TIMEOUT.equals(name) || HEARTBEAT_TIMEOUT.equals(name);
      default -> pattern.equals(name);
    };
  }
}
