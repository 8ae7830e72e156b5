package com.modelregistry.core.port;

import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.IdempotencyRecord;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelCard;
import com.modelregistry.core.domain.ModelFilter;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.Page;
import com.modelregistry.core.domain.PageRequest;
import com.modelregistry.core.domain.VersionFilter;
import com.modelregistry.core.domain.Observation;
import com.modelregistry.core.domain.ObservationPhase;
import com.modelregistry.core.domain.Routing;
import com.modelregistry.core.promotion.ApprovalRequest;
import com.modelregistry.core.promotion.Promotion;
import com.modelregistry.core.promotion.PromotionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Metadata storage. Reads are plain; every write is one atomic {@link Change} guarded by the model's
 * revision, so a model's items (versions, semver claims, cards, audit entries) never change without the
 * model item changing with them. Implementations: DynamoDB (one TransactWriteItems) and in-memory.
 */
public interface ModelStore {

  Optional<Model> findModelByName(String name);

  /** A model by its immutable id (a deleted model is absent). */
  Optional<Model> findModelById(String modelId);

  Optional<ModelVersion> findVersion(String modelId, long version);

  /** The version that holds a semver within the model. */
  Optional<Long> findVersionBySemver(String modelId, String semver);

  Optional<ModelCard> findModelCard(String modelId, long version);

  Optional<IdempotencyRecord> findIdempotencyRecord(String key);

  /** Models sorted by name. Page tokens are opaque; a malformed one is INVALID_ARGUMENT. */
  Page<Model> listModels(ModelFilter filter, PageRequest page);

  /** A model's versions, newest first. */
  Page<ModelVersion> listVersions(String modelId, VersionFilter filter, PageRequest page);

  /** A model's audit trail, oldest first. */
  Page<AuditEntry> listAudit(String modelId, PageRequest page);

  /** A promotion by id, whichever model it belongs to. */
  Optional<Promotion> findPromotion(String promotionId);

  /** A model's promotions, newest first, optionally only those with the given status. */
  Page<Promotion> listPromotions(String modelId, PromotionStatus status, PageRequest page);

  /**
   * The routing in effect at {@code at}: the last one recorded (by a change with {@code routingChanged}) at or
   * before that instant; empty before the first.
   */
  Optional<Routing> findRoutingAt(String modelId, Instant at);

  /** Stores a serving-side observation (not part of a model change: reports arrive at serving's pace). */
  void appendObservation(Observation observation);

  /** A version's observations in a phase whose window ended after {@code endedAfter}, oldest first. */
  List<Observation> listObservations(String modelId, long version, ObservationPhase phase, Instant endedAfter);

  /** An approval link's state by its id (expired ones included: callers check {@code expiresAt}). */
  Optional<ApprovalRequest> findApprovalRequest(String id);

  /**
   * Applies the change atomically, or not at all.
   *
   * @throws com.modelregistry.core.ConcurrentUpdateException if the model's revision is no longer the
   *     expected one, the name is taken (create), the idempotency key is already used, or a decided
   *     approval was no longer PENDING or had expired; retry from a fresh read.
   */
  void commit(Change change);
}
