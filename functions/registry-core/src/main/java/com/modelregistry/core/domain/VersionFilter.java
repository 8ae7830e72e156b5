package com.modelregistry.core.domain;

import java.util.Map;

/** Criteria of a version listing; null or empty criteria match everything. */
public record VersionFilter(Stage stage, VersionStatus status, Map<String, String> tags) {
  public static final VersionFilter ALL = new VersionFilter(null, null, Map.of());

  public VersionFilter {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public boolean matches(ModelVersion version) {
    if (stage != null && version.stage() != stage) {
      return false;
    }
    if (status != null && version.status() != status) {
      return false;
    }
    return tags.entrySet().stream().allMatch(t -> t.getValue().equals(version.tags().get(t.getKey())));
  }
}
