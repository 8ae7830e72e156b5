package com.modelregistry.core.port;

import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.IdempotencyRecord;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelCard;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.event.RegistryEvent;
import com.modelregistry.core.promotion.ApprovalRequest;
import com.modelregistry.core.promotion.Promotion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one mutation writes, committed atomically by {@link ModelStore#commit}.
 *
 * @param model the model's new state (its revision is {@code expectedRevision + 1})
 * @param expectedRevision the revision read before deciding; 0 creates the model and claims its name
 * @param previousStages the model's stage pointers before the change (so a store updates a stage index only
 *     when they move)
 * @param deleteModel whether this change deletes the model (frees the name; items stay for the audit trail)
 * @param versions versions to write (new ones, or new states of existing ones)
 * @param semverClaims semvers newly taken, semver → version number
 * @param card a model card to write, or null
 * @param audit the audit entry recording this change (every change has one)
 * @param idempotency the idempotency record to create with it, or null
 * @param promotion a promotion to write (new, or a new state of one), or null
 * @param routingChanged whether {@code model.routing()} is new: the store then also records it as the routing
 *     in effect from {@code model.routing().since()} on (for "what served at T")
 * @param approvalRequests approval links to create (PENDING)
 * @param decidedApproval an approval link's decision: written only if the link is still PENDING and not
 *     expired at {@code decidedApproval.decidedAt()}, else the whole change fails with
 *     {@link com.modelregistry.core.ConcurrentUpdateException}
 * @param events the events this change publishes: the store writes them with the change (the outbox), so they
 *     exist exactly when the change committed, and the relay publishes them in commit order
 */
public record Change(
    Model model,
    long expectedRevision,
    Map<Stage, Long> previousStages,
    boolean deleteModel,
    List<ModelVersion> versions,
    Map<String, Long> semverClaims,
    ModelCard card,
    AuditEntry audit,
    IdempotencyRecord idempotency,
    Promotion promotion,
    boolean routingChanged,
    List<ApprovalRequest> approvalRequests,
    ApprovalRequest decidedApproval,
    List<RegistryEvent> events) {

  public Change {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(audit, "audit");
    previousStages = previousStages == null ? Map.of() : Map.copyOf(previousStages);
    versions = versions == null ? List.of() : List.copyOf(versions);
    semverClaims = semverClaims == null ? Map.of() : Map.copyOf(semverClaims);
    approvalRequests = approvalRequests == null ? List.of() : List.copyOf(approvalRequests);
    events = events == null ? List.of() : List.copyOf(events);
    if (routingChanged && model.routing() == null) {
      throw new IllegalArgumentException("routingChanged needs the model's routing");
    }
    if (model.revision() != expectedRevision + 1) {
      throw new IllegalArgumentException("the new model revision must be expectedRevision + 1");
    }
  }

  /** A change of the model's registry items only (no promotion, routing or approval items). */
  public Change(Model model, long expectedRevision, Map<Stage, Long> previousStages, boolean deleteModel,
      List<ModelVersion> versions, Map<String, Long> semverClaims, ModelCard card, AuditEntry audit,
      IdempotencyRecord idempotency) {
    this(model, expectedRevision, previousStages, deleteModel, versions, semverClaims, card, audit, idempotency, null,
        false, List.of(), null, List.of());
  }

  /** This change, publishing {@code published} (built from this change, see {@code Events.of}) too. */
  public Change withEvents(List<RegistryEvent> published) {
    List<RegistryEvent> all = new ArrayList<>(events);
    all.addAll(published);
    return new Change(model, expectedRevision, previousStages, deleteModel, versions, semverClaims, card, audit,
        idempotency, promotion, routingChanged, approvalRequests, decidedApproval, all);
  }

  public boolean createsModel() {
    return expectedRevision == 0;
  }
}
