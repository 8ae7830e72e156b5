package com.modelregistry.core.promotion;

import java.time.Instant;
import java.util.List;

/**
 * Health of a candidate over one shadow phase or canary step, from the observations reported since it
 * began. Too few samples is unhealthy: no data proves nothing.
 */
public record HealthReport(boolean healthy, String phase, Integer percent, Instant since, long samples, long errors,
    Double errorRate, Double p95LatencyMs, Double disagreementRate, List<String> reasons) {

  public HealthReport {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }
}
