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
import java.util.Optional;

/**
 * Metadata storage. Reads are plain; every write is one atomic {@link Change} guarded by the model's
 * revision, so a model's items (versions, semver claims, cards, audit entries) never change without the
 * model item changing with them. Implementations: DynamoDB (one TransactWriteItems) and in-memory.
 */
public interface ModelStore {

  Optional<Model> findModelByName(String name);

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

  /**
   * Applies the change atomically, or not at all.
   *
   * @throws com.modelregistry.core.ConcurrentUpdateException if the model's revision is no longer the
   *     expected one, the name is taken (create) or the idempotency key is already used; retry from a
   *     fresh read.
   */
  void commit(Change change);
}
