package com.modelregistry.core.promotion;

import java.time.Instant;
import java.util.List;

/** The outcome of every quality gate: what was expected, what the version has, pass or fail. */
public record GateReport(boolean passed, Instant evaluatedAt, List<GateResult> gates) {

  public GateReport {
    gates = gates == null ? List.of() : List.copyOf(gates);
  }

  /** One gate, e.g. {@code metric:auc} expected "min 0.9; at most 0.01 below production (0.93)", actual "0.935". */
  public record GateResult(String name, String expected, String actual, boolean passed) {}

  public List<String> failedNames() {
    return gates.stream().filter(gate -> !gate.passed()).map(GateResult::name).toList();
  }
}
