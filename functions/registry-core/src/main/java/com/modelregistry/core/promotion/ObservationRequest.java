package com.modelregistry.core.promotion;

import java.util.Map;

/** Body of POST /v1/models/{name}/versions/{v}/observations: one serving window's numbers. */
public record ObservationRequest(String phase, String windowStart, String windowEnd, Long requests, Long errors,
    Double p95LatencyMs, Double disagreementRate, Map<String, Double> metrics) {}
