package com.modelregistry.core.domain;

import java.time.Instant;
import java.util.Map;

/** A model card for one version: sections such as modelDetails, intendedUse, performance, limitations. */
public record ModelCard(long version, Map<String, Object> content, String updatedBy, Instant updatedAt) {}
