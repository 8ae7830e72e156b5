package com.modelregistry.core.service;

import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.IdempotencyRecord;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelCard;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.promotion.ApprovalRequest;
import com.modelregistry.core.promotion.Promotion;
import com.modelregistry.core.port.Change;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Assembles a {@link Change}: the model's next state plus the audit entry that records it. */
public final class ChangeBuilder {
  private final Model updated;
  private final long expectedRevision;
  private final Map<Stage, Long> previousStages;
  private final List<ModelVersion> versions = new ArrayList<>();
  private final Map<String, Long> semverClaims = new HashMap<>();
  private ModelCard card;
  private IdempotencyRecord idempotency;
  private boolean deleteModel;
  private Promotion promotion;
  private boolean routingChanged;
  private final List<ApprovalRequest> approvalRequests = new ArrayList<>();
  private ApprovalRequest decidedApproval;

  private ChangeBuilder(Model updated, long expectedRevision, Map<Stage, Long> previousStages) {
    this.updated = updated;
    this.expectedRevision = expectedRevision;
    this.previousStages = previousStages;
  }

  /** A change to an existing model read at {@code current.revision()}. */
  public static ChangeBuilder of(Model current, Model updated) {
    return new ChangeBuilder(updated, current.revision(), current.stages());
  }

  /** The creation of a model (revision 0 → 1). */
  public static ChangeBuilder creating(Model created) {
    return new ChangeBuilder(created, 0, Map.of());
  }

  public ChangeBuilder version(ModelVersion version) {
    versions.add(version);
    return this;
  }

  public ChangeBuilder semver(String semver, long version) {
    semverClaims.put(semver, version);
    return this;
  }

  public ChangeBuilder card(ModelCard modelCard) {
    this.card = modelCard;
    return this;
  }

  public ChangeBuilder idempotency(IdempotencyRecord record) {
    this.idempotency = record;
    return this;
  }

  public ChangeBuilder deleting() {
    this.deleteModel = true;
    return this;
  }

  public ChangeBuilder promotion(Promotion value) {
    this.promotion = value;
    return this;
  }

  /** The model's routing is new (the updated model carries it). */
  public ChangeBuilder routingChanged() {
    this.routingChanged = true;
    return this;
  }

  public ChangeBuilder approvalRequest(ApprovalRequest request) {
    approvalRequests.add(request);
    return this;
  }

  public ChangeBuilder decidedApproval(ApprovalRequest decided) {
    this.decidedApproval = decided;
    return this;
  }

  public Change audited(Instant at, String actor, AuditChain.Event event) {
    AuditEntry entry = AuditChain.next(updated, at, actor, event);
    Model next = updated.advanced(entry.seq(), entry.hash(), at);
    return new Change(next, expectedRevision, previousStages, deleteModel, versions, semverClaims, card, entry, idempotency,
        promotion, routingChanged, approvalRequests, decidedApproval, List.of());
  }
}
