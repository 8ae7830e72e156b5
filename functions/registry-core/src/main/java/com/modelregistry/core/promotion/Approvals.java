package com.modelregistry.core.promotion;

import com.modelregistry.core.event.Events;
import java.util.List;
import java.util.Map;

/** Small helpers around a promotion's recorded decisions. */
final class Approvals {
  private Approvals() {}

  /** The decisions as event/JSON fields. */
  static List<Map<String, Object>> decisions(Promotion promotion) {
    return promotion.approvals().stream().map(decision -> Events.fields("approver", decision.approver(),
        "decision", decision.decision().name(), "comment", decision.comment() == null ? "" : decision.comment())).toList();
  }
}
