package com.modelregistry.core.domain;

import java.util.Map;

/** Lineage of a version: where it came from. Immutable once the version is READY. */
public record VersionMetadata(
    String datasetVersion,
    String gitCommit,
    String trainer,
    String framework,
    String runId,
    Map<String, Object> hyperparameters) {

  public static final VersionMetadata EMPTY = new VersionMetadata(null, null, null, null, null, Map.of());

  public VersionMetadata {
    hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
  }
}
