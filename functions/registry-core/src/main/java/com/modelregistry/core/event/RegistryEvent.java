package com.modelregistry.core.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event for EventBridge: its detail-type and detail. {@code detail.eventId} is derived from the audit
 * entry that recorded the change, so a re-published event keeps its id and consumers can de-duplicate.
 */
public record RegistryEvent(String detailType, Map<String, Object> detail) {
  public static final String SOURCE = "model-registry";

  public RegistryEvent {
    Objects.requireNonNull(detailType, "detailType");
    detail = Collections.unmodifiableMap(new LinkedHashMap<>(detail));
  }

  public String eventId() {
    return (String) detail.get("eventId");
  }
}
