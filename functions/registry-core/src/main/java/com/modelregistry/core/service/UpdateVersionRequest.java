package com.modelregistry.core.service;

import com.modelregistry.core.domain.VersionMetadata;
import java.util.Map;

/**
 * Body of PATCH /v1/models/{name}/versions/{v}: description and tags (merged, null removes) any time;
 * metadata and metrics only while the version is PENDING_UPLOAD.
 */
public record UpdateVersionRequest(String description, Map<String, String> tags, VersionMetadata metadata,
    Map<String, Double> metrics) {}
