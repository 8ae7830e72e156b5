package com.modelregistry.core.promotion;

import java.time.Instant;
import java.util.Objects;

/**
 * One emailed approval link's server-side state (DynamoDB item {@code APPROVAL#<id>}): the task token
 * never leaves the registry; the link carries only the random id and an HMAC. PENDING until decided,
 * which a conditional write does at most once.
 */
public record ApprovalRequest(String id, String promotionId, String modelId, String modelName, long version,
    String approver, String taskToken, Instant createdAt, Instant expiresAt, State state,
    ApprovalDecision.Decision decision, Instant decidedAt) {

  /** PENDING until the one decision. */
  public enum State { PENDING, DECIDED }

  public ApprovalRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(promotionId, "promotionId");
    Objects.requireNonNull(state, "state");
  }

  public ApprovalRequest decided(ApprovalDecision.Decision newDecision, Instant at) {
    return new ApprovalRequest(id, promotionId, modelId, modelName, version, approver, taskToken, createdAt, expiresAt,
        State.DECIDED, newDecision, at);
  }
}
