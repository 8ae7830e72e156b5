package com.modelregistry.core.port;

import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.IdempotencyRecord;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelCard;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.Stage;
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
    IdempotencyRecord idempotency) {

  public Change {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(audit, "audit");
    previousStages = previousStages == null ? Map.of() : Map.copyOf(previousStages);
    versions = versions == null ? List.of() : List.copyOf(versions);
    semverClaims = semverClaims == null ? Map.of() : Map.copyOf(semverClaims);
    if (model.revision() != expectedRevision + 1) {
      throw new IllegalArgumentException("the new model revision must be expectedRevision + 1");
    }
  }

  public boolean createsModel() {
    return expectedRevision == 0;
  }
}
