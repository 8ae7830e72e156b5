package com.modelregistry.core.port;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Artifact storage. Bytes never pass through the registry on upload or download: clients get
 * presigned URLs. Implementations: S3, in-memory.
 */
public interface ArtifactStore {

  /** The URI (e.g. {@code s3://bucket/key}) of the registry's own location for this key. */
  String uriFor(String key);

  /** Whether the URI is one this store can read (its scheme, and for S3 a bucket it can reach). */
  boolean supports(String uri);

  /** A presigned single PUT that only accepts bytes with the given SHA-256 (hex). */
  PresignedRequest presignPut(String uri, long sizeBytes, String sha256Hex, Duration ttl);

  /** Opens a multipart upload and returns its id. */
  String startMultipartUpload(String uri);

  /** Presigned PUT URLs for each part of an open multipart upload. */
  List<PresignedRequest> presignParts(String uri, String uploadId, List<Long> partSizes, Duration ttl);

  /** Completes a multipart upload; an unknown upload id (already completed or aborted) is FAILED_PRECONDITION. */
  void completeMultipartUpload(String uri, String uploadId, List<CompletedPart> parts);

  void abortMultipartUpload(String uri, String uploadId);

  /** Size and, where the store keeps it, the full-object SHA-256 of the object; empty if absent. */
  Optional<StoredObject> describe(String uri);

  /** Reads the object and computes its SHA-256 (hex). */
  String computeSha256(String uri);

  /** A presigned GET. */
  PresignedRequest presignGet(String uri, Duration ttl);

  /** A presigned request: method, URL, the headers the client must send, expiry. */
  record PresignedRequest(String method, String url, java.util.Map<String, String> headers, java.time.Instant expiresAt,
      Integer partNumber) {}

  record CompletedPart(int partNumber, String etag) {}

  /** {@code sha256Hex} is null where the store does not keep a full-object checksum. */
  record StoredObject(long sizeBytes, String sha256Hex) {}
}
