package com.modelregistry.core.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered model. {@code id} is immutable (items are partitioned by it, so a rename is small);
 * {@code revision} increases with every change and guards every write to the model's items;
 * {@code auditSeq}/{@code auditHead} are the tail of the model's hash-chained audit trail; {@code routing}
 * says which versions serve traffic (null until a version reaches production); {@code activePromotion} is
 * the one promotion allowed to run at a time.
 */
public record Model(
    String id,
    String name,
    String description,
    String owner,
    Map<String, String> tags,
    long latestVersion,
    String maxSemver,
    Map<Stage, Long> stages,
    Map<String, Long> aliases,
    long auditSeq,
    String auditHead,
    String createdBy,
    Instant createdAt,
    Instant updatedAt,
    long revision,
    Routing routing,
    String activePromotion) {

  public Model {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    stages = stages == null ? Map.of() : Map.copyOf(stages);
    aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
  }

  public Optional<Long> versionIn(Stage stage) {
    return Optional.ofNullable(stages.get(stage));
  }

  public Model withDetails(String newDescription, String newOwner, Map<String, String> newTags) {
    return new Model(id, name, newDescription, newOwner, newTags, latestVersion, maxSemver, stages, aliases,
        auditSeq, auditHead, createdBy, createdAt, updatedAt, revision, routing, activePromotion);
  }

  public Model withLatestVersion(long number, String newMaxSemver) {
    return new Model(id, name, description, owner, tags, number, newMaxSemver, stages, aliases,
        auditSeq, auditHead, createdBy, createdAt, updatedAt, revision, routing, activePromotion);
  }

  public Model withStagePointer(Stage stage, Long version) {
    Map<Stage, Long> next = new HashMap<>(stages);
    if (version == null) {
      next.remove(stage);
    } else {
      next.put(stage, version);
    }
    return new Model(id, name, description, owner, tags, latestVersion, maxSemver, next, aliases,
        auditSeq, auditHead, createdBy, createdAt, updatedAt, revision, routing, activePromotion);
  }

  public Model withAlias(String alias, Long version) {
    Map<String, Long> next = new HashMap<>(aliases);
    if (version == null) {
      next.remove(alias);
    } else {
      next.put(alias, version);
    }
    return new Model(id, name, description, owner, tags, latestVersion, maxSemver, stages, next,
        auditSeq, auditHead, createdBy, createdAt, updatedAt, revision, routing, activePromotion);
  }

  /** The next state after a committed change: audit tail advanced, revision bumped, timestamp set. */
  public Model advanced(long newAuditSeq, String newAuditHead, Instant at) {
    return new Model(id, name, description, owner, tags, latestVersion, maxSemver, stages, aliases,
        newAuditSeq, newAuditHead, createdBy, createdAt, at, revision + 1, routing, activePromotion);
  }

  public Model withRouting(Routing newRouting) {
    return new Model(id, name, description, owner, tags, latestVersion, maxSemver, stages, aliases,
        auditSeq, auditHead, createdBy, createdAt, updatedAt, revision, newRouting, activePromotion);
  }

  /** The promotion now running for the model (at most one), or null. */
  public Model withActivePromotion(String promotionId) {
    return new Model(id, name, description, owner, tags, latestVersion, maxSemver, stages, aliases,
        auditSeq, auditHead, createdBy, createdAt, updatedAt, revision, routing, promotionId);
  }

  /** Aliases pointing at the given version, sorted. */
  public java.util.List<String> aliasesOf(long version) {
    return aliases.entrySet().stream().filter(e -> e.getValue() == version).map(Map.Entry::getKey).sorted().toList();
  }
}
