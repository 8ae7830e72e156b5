package com.modelregistry.core.promotion;

import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.VersionStatus;
import com.modelregistry.core.promotion.GateReport.GateResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Evaluates a plan's quality gates against a version (and the production version, for relative bounds). */
final class Gates {
  private Gates() {}

  /**
   * @param production the version now in production, or null
   * @param hasModelCard whether the candidate has a model card
   */
  static GateReport evaluate(PromotionPlan.Gates gates, ModelVersion candidate, ModelVersion production,
      boolean hasModelCard, Instant at) {
    List<GateResult> results = new ArrayList<>();
    boolean ready = candidate.status() == VersionStatus.READY;
    results.add(new GateResult("artifact:verified", "READY (size and SHA-256 verified at finalize)",
        candidate.status() + (candidate.artifact() != null && candidate.artifact().sha256() != null
            ? " (sha256 " + candidate.artifact().sha256() + ")" : ""), ready));
    if (gates.maxArtifactBytes() != null) {
      long size = candidate.artifact() == null ? 0 : candidate.artifact().sizeBytes();
      results.add(new GateResult("artifact:size", "at most " + gates.maxArtifactBytes() + " bytes", size + " bytes",
          size <= gates.maxArtifactBytes()));
    }
    for (Map.Entry<String, PromotionPlan.MetricGate> entry : gates.metrics().entrySet()) {
      results.add(metric(entry.getKey(), entry.getValue(), candidate, production));
    }
    if (gates.requireModelCard()) {
      results.add(new GateResult("modelCard", "a model card", hasModelCard ? "present" : "missing", hasModelCard));
    }
    for (String field : gates.requireMetadata()) {
      String value = PromotionPlan.metadataValue(candidate.metadata(), field);
      boolean present = value != null && !value.isBlank();
      results.add(new GateResult("metadata:" + field, "set", present ? value : "missing", present));
    }
    boolean passed = results.stream().allMatch(GateResult::passed);
    return new GateReport(passed, at, results);
  }

  private static GateResult metric(String name, PromotionPlan.MetricGate gate, ModelVersion candidate,
      ModelVersion production) {
    Double value = candidate.metrics().get(name);
    List<String> expected = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    if (gate.min() != null) {
      expected.add(">= " + number(gate.min()));
      if (value != null && value < gate.min()) failures.add("below min");
    }
    if (gate.max() != null) {
      expected.add("<= " + number(gate.max()));
      if (value != null && value > gate.max()) failures.add("above max");
    }
    String actual = value == null ? "missing" : number(value);
    if (gate.maxDropFromProduction() != null) {
      Double productionValue = production == null ? null : production.metrics().get(name);
      if (production == null) {
        expected.add("at most " + number(gate.maxDropFromProduction()) + " below production (no production version)");
      } else if (productionValue == null) {
        expected.add("at most " + number(gate.maxDropFromProduction()) + " below production (version "
            + production.version() + " has no " + name + ")");
      } else {
        double floor = productionValue - gate.maxDropFromProduction();
        expected.add("at most " + number(gate.maxDropFromProduction()) + " below production v" + production.version()
            + " (" + number(productionValue) + ")");
        if (value != null) {
          actual += " (" + signed(value - productionValue) + " vs production)";
          if (value < floor - 1e-12) failures.add("dropped too far below production");
        }
      }
    }
    boolean passed = value != null && failures.isEmpty();
    return new GateResult("metric:" + name, String.join("; ", expected), actual, passed);
  }

  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  private static String signed(double delta) {
    double rounded = Math.round(delta * 1e6) / 1e6;
    return (rounded >= 0 ? "+" : "") + number(rounded);
  }
}
