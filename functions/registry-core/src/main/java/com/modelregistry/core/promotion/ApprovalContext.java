package com.modelregistry.core.promotion;

import com.modelregistry.core.domain.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What an approver sees before deciding (in the mail and on the confirmation page): the promotion, the
 * candidate, the production version it would replace, their metrics side by side, the gate report.
 */
public record ApprovalContext(Promotion promotion, ModelVersion candidate, ModelVersion production,
    List<MetricRow> metrics) {

  /** One metric of the candidate next to production's. */
  public record MetricRow(String name, Double candidate, Double production, Double delta) {}

  static ApprovalContext of(Promotion promotion, ModelVersion candidate, ModelVersion production) {
    TreeSet<String> names = new TreeSet<>(candidate.metrics().keySet());
    if (production != null) {
      names.addAll(production.metrics().keySet());
    }
    List<MetricRow> rows = new ArrayList<>();
    for (String name : names) {
      Double mine = candidate.metrics().get(name);
      Double theirs = production == null ? null : production.metrics().get(name);
      rows.add(new MetricRow(name, mine, theirs,
          mine == null || theirs == null ? null : Math.round((mine - theirs) * 1e6) / 1e6));
    }
    return new ApprovalContext(promotion, candidate, production, rows);
  }
}
