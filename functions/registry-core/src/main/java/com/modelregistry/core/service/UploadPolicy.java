package com.modelregistry.core.service;

import com.modelregistry.core.RegistryException;
import com.modelregistry.core.port.ArtifactStore.CompletedPart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** When uploads go multipart (artifacts larger than the threshold), how parts are cut, and how long presigned URLs live. */
public record UploadPolicy(long multipartThresholdBytes, long partSizeBytes, Duration uploadTtl, Duration downloadTtl) {
  /** S3 allows at most 10,000 parts per upload. */
  static final int MAX_PARTS = 10_000;

  public static final UploadPolicy DEFAULT =
      new UploadPolicy(100L * 1024 * 1024, 64L * 1024 * 1024, Duration.ofHours(1), Duration.ofMinutes(15));

  boolean isMultipart(long sizeBytes) {
    return sizeBytes > multipartThresholdBytes;
  }

  /** Sizes of the parts of an upload of this size: equal parts, the last one the remainder. */
  List<Long> partSizes(long sizeBytes) {
    long partSize = Math.max(partSizeBytes, (sizeBytes + MAX_PARTS - 1) / MAX_PARTS);
    List<Long> sizes = new ArrayList<>();
    for (long offset = 0; offset < sizeBytes; offset += partSize) {
      sizes.add(Math.min(partSize, sizeBytes - offset));
    }
    return sizes;
  }

  /**
   * Refuses a parts list that is not exactly the planned parts 1..N, each with an ETag: S3 would
   * complete from any subset of the uploaded parts and silently build a shorter object.
   */
  void requireAllParts(long version, long sizeBytes, List<CompletedPart> parts) {
    int expected = partSizes(sizeBytes).size();
    Set<Integer> given = new TreeSet<>();
    for (CompletedPart part : parts) {
      if (part == null || part.etag() == null || part.etag().isBlank()) {
        throw RegistryException.invalid("every part needs its partNumber and the ETag its PUT returned");
      }
      if (!given.add(part.partNumber())) {
        throw RegistryException.invalid("part " + part.partNumber() + " is listed twice");
      }
    }
    Set<Integer> missing = new TreeSet<>();
    for (int i = 1; i <= expected; i++) {
      if (!given.remove(i)) {
        missing.add(i);
      }
    }
    if (!missing.isEmpty() || !given.isEmpty()) {
      throw RegistryException.invalid("version " + version + " is uploaded in parts 1.." + expected + ": "
          + (missing.isEmpty() ? "" : "missing parts " + missing) + (missing.isEmpty() || given.isEmpty() ? "" : ", ")
          + (given.isEmpty() ? "" : "unknown parts " + given) + "; send every part with the ETag its PUT returned");
    }
  }
}
