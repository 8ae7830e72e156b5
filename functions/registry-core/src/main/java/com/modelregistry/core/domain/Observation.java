package com.modelregistry.core.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A serving-side report about one version over one window: request and error counts, p95 latency,
 * disagreement with production (shadow), and any metric values.
 */
public record Observation(
    String modelId,
    long version,
    ObservationPhase phase,
    Instant windowStart,
    Instant windowEnd,
    long requests,
    long errors,
    Double p95LatencyMs,
    Double disagreementRate,
    Map<String, Double> metrics,
    String reportedBy,
    Instant receivedAt) {

  public Observation {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(phase, "phase");
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
