package com.modelregistry.core.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
}
