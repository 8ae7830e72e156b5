package com.modelregistry.core.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** One version of a model: its artifact, lineage, metrics and lifecycle state. */
public record ModelVersion(
    String modelId,
    String modelName,
    long version,
    String semver,
    VersionStatus status,
    String statusMessage,
    Stage stage,
    Artifact artifact,
    VersionMetadata metadata,
    Map<String, Double> metrics,
    Map<String, String> tags,
    String description,
    String createdBy,
    Instant createdAt,
    Instant updatedAt) {

  public ModelVersion {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(status, "status");
    stage = stage == null ? Stage.NONE : stage;
    metadata = metadata == null ? VersionMetadata.EMPTY : metadata;
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public ModelVersion withStatus(VersionStatus newStatus, String message, Artifact newArtifact, Instant at) {
    return new ModelVersion(modelId, modelName, version, semver, newStatus, message, stage, newArtifact, metadata,
        metrics, tags, description, createdBy, createdAt, at);
  }

  public ModelVersion withStage(Stage newStage, Instant at) {
    return new ModelVersion(modelId, modelName, version, semver, status, statusMessage, newStage, artifact, metadata,
        metrics, tags, description, createdBy, createdAt, at);
  }

  public ModelVersion withDetails(String newDescription, Map<String, String> newTags, VersionMetadata newMetadata,
      Map<String, Double> newMetrics, Instant at) {
    return new ModelVersion(modelId, modelName, version, semver, status, statusMessage, stage, artifact, newMetadata,
        newMetrics, newTags, newDescription, createdBy, createdAt, at);
  }
}
