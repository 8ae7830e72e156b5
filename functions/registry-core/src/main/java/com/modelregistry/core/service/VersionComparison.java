package com.modelregistry.core.service;

import java.util.List;
import java.util.Map;

/**
 * Metrics of several versions side by side. For each metric: its value per version (absent where a
 * version lacks it) and the delta of each later version against the first one listed.
 */
public record VersionComparison(String model, List<Long> versions, Map<String, MetricRow> metrics) {
  public record MetricRow(Map<String, Double> values, Map<String, Double> deltas) {}
}
