package com.modelregistry.local.states.asl;

import java.util.List;

/**
 * A state machine definition that breaks the Amazon States Language (or uses what the local runtime does
 * not support). The message lists every problem as AWS words them:
 * {@code Invalid State Machine Definition: 'CODE: message at /States/Name/Field, ...'}.
 */
public final class InvalidDefinitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidDefinitionException(List<Problem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String message(List<Problem> problems) {
    StringBuilder text = new StringBuilder("Invalid State Machine Definition: '");
    for (int i = 0; i < problems.size(); i++) {
      if (i > 0) {
        text.append(", ");
      }
      text.append(problems.get(i));
    }
    return text.append('\'').toString();
  }

  /**
   * One problem: an AWS-style code ({@code SCHEMA_VALIDATION_FAILED}, {@code MISSING_TRANSITION_TARGET},
   * {@code UNREACHABLE_STATE}, ...), what is wrong, and where (a JSON pointer into the definition).
   */
  public record Problem(String code, String message, String location) {
    @Override
    public String toString() {
      return code + ": " + message + (location == null ? "" : " at " + location);
    }
  }
}
