package com.modelregistry.core.service;

import com.modelregistry.core.domain.VersionMetadata;
import java.util.Map;

/**
 * Body of POST /v1/models/{name}/versions: either {@code artifact} (the registry hands out an upload
 * URL) or {@code source} (an existing {@code s3://} object, verified at finalize).
 */
public record RegisterVersionRequest(
    String semver,
    String bump,
    ArtifactSpec artifact,
    String source,
    VersionMetadata metadata,
    Map<String, Double> metrics,
    Map<String, String> tags,
    String description) {

  /** What the client will upload: a file name and the size and SHA-256 (hex) the bytes must have. */
  public record ArtifactSpec(String filename, Long sizeBytes, String sha256) {}
}
