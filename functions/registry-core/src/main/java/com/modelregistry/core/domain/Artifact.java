package com.modelregistry.core.domain;

/**
 * Where a version's bytes live and what they must be. {@code sizeBytes}/{@code sha256} are the declared
 * values until the version is READY, then the verified ones. {@code multipartUploadId} is set while a
 * multipart upload is open.
 */
public record Artifact(String uri, String filename, Long sizeBytes, String sha256, String multipartUploadId) {

  public Artifact withVerified(long size, String sha) {
    return new Artifact(uri, filename, size, sha, null);
  }
}
