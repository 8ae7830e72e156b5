package com.modelregistry.core.service;

import com.modelregistry.core.port.ArtifactStore.PresignedRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How to upload a version's artifact: one presigned PUT ({@code method = PUT}), or a multipart plan
 * ({@code method = MULTIPART}: PUT each part, then finalize with each part's ETag).
 */
public record UploadPlan(String method, String url, Map<String, String> headers, Instant expiresAt,
    Long partSizeBytes, List<PresignedRequest> parts) {

  static UploadPlan single(PresignedRequest put) {
    return new UploadPlan(put.method(), put.url(), put.headers(), put.expiresAt(), null, null);
  }

  static UploadPlan multipart(long partSize, List<PresignedRequest> parts) {
    return new UploadPlan("MULTIPART", null, null, parts.get(0).expiresAt(), partSize, parts);
  }
}
