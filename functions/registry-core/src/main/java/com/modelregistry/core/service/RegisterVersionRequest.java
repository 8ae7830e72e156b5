package com.modelregistry.core.service;

import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.Semver;
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

  /** Checks the request's own shape: exactly one of artifact and source, formats, sizes, limits. */
  void validate() {
    if (semver != null && bump != null) {
      throw RegistryException.invalid("give either semver or bump, not both");
    }
    if (semver != null) {
      Semver.parse(semver);
    }
    if (bump != null) {
      Semver.ZERO.bump(bump);
    }
    if (source == null) {
      if (artifact == null) {
        throw RegistryException.invalid("give artifact {filename, sizeBytes, sha256} to upload, or source \"s3://bucket/key\"");
      }
      if (artifact.filename() == null || !Constraints.FILENAME.matcher(artifact.filename()).matches()) {
        throw RegistryException.invalid("artifact.filename '" + artifact.filename() + "' is invalid: 1-255 letters, digits or "
            + ". _ + -, starting with a letter or digit (no path)");
      }
      if (artifact.sizeBytes() == null || artifact.sha256() == null) {
        throw RegistryException.invalid("artifact.sizeBytes and artifact.sha256 are required: the upload is verified against them");
      }
    } else if (!source.startsWith("s3://") || source.length() < 8 || source.length() > 1024) {
      throw RegistryException.invalid("source must be an s3:// URI, e.g. s3://bucket/path/model.tar.gz");
    }
    if (artifact != null) {
      if (artifact.sizeBytes() != null && (artifact.sizeBytes() <= 0 || artifact.sizeBytes() > Constraints.MAX_ARTIFACT_BYTES)) {
        throw RegistryException.invalid("artifact.sizeBytes must be between 1 and 5 TiB, got " + artifact.sizeBytes());
      }
      if (artifact.sha256() != null && !Constraints.SHA256.matcher(artifact.sha256()).matches()) {
        throw RegistryException.invalid("artifact.sha256 must be 64 lowercase hex characters (as sha256sum prints it)");
      }
    }
    Constraints.metrics(metrics);
    Constraints.tags(tags, false);
    Constraints.description(description);
    Constraints.metadata(metadata);
  }

  String sourceFilename() {
    return source.substring(source.lastIndexOf('/') + 1);
  }

  Long declaredSize() {
    return artifact == null ? null : artifact.sizeBytes();
  }

  String declaredSha256() {
    return artifact == null ? null : artifact.sha256();
  }

  /** What the client will upload: a file name and the size and SHA-256 (hex) the bytes must have. */
  public record ArtifactSpec(String filename, Long sizeBytes, String sha256) {}
}
