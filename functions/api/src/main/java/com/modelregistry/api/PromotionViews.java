package com.modelregistry.api;

import com.modelregistry.core.domain.Observation;
import com.modelregistry.core.promotion.ApprovalDecision;
import com.modelregistry.core.promotion.GateReport;
import com.modelregistry.core.promotion.HealthReport;
import com.modelregistry.core.promotion.HistoryEntry;
import com.modelregistry.core.promotion.Promotion;
import com.modelregistry.core.promotion.PromotionPhase;
import com.modelregistry.core.promotion.PromotionPlan;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of API.md's Promotions section. */
final class PromotionViews {
  private PromotionViews() {}

  record PromotionView(String id, String model, long version, String target, String reason, String status, String phase,
      int canaryPercent, PromotionPlan plan, GateReport gateReport, List<HealthReport> health,
      List<ApprovalView> approvals, List<String> pendingApprovers, Instant approvalExpiresAt,
      List<HistoryView> history, String requestedBy, Long previousProduction, String outcome, String executionArn,
      Instant createdAt, Instant updatedAt) {}

  record ApprovalView(String approver, String decision, String comment, String via, Instant at) {}

  record HistoryView(String phase, Instant at, String detail) {}

  record ObservationView(String model, long version, String phase, Instant windowStart, Instant windowEnd,
      long requests, long errors, Double p95LatencyMs, Double disagreementRate, Map<String, Double> metrics,
      Instant receivedAt) {}

  static PromotionView promotion(Promotion p) {
    List<String> pending = p.phase() != PromotionPhase.AWAITING_APPROVAL || !p.isRunning() ? List.of()
        : p.plan().approval().approvers().stream().filter(a -> !p.hasDecided(a) && !a.equalsIgnoreCase(p.requesterEmail()))
            .toList();
    return new PromotionView(p.id(), p.modelName(), p.version(), p.target(), p.reason(), p.status().name(),
        p.phase().name(), p.canaryPercent(), p.plan(), p.gateReport(), p.healthReports(),
        p.approvals().stream().map(PromotionViews::approval).toList(), pending, p.approvalExpiresAt(),
        p.history().stream().map(PromotionViews::history).toList(), p.requestedBy(), p.previousProduction(), p.outcome(),
        p.executionArn(), p.createdAt(), p.updatedAt());
  }

  static ApprovalView approval(ApprovalDecision d) {
    return new ApprovalView(d.approver(), d.decision().name(), d.comment(), d.via(), d.at());
  }

  private static HistoryView history(HistoryEntry e) {
    return new HistoryView(e.phase().name(), e.at(), e.detail());
  }

  static ObservationView observation(String model, Observation o) {
    return new ObservationView(model, o.version(), o.phase().name(), o.windowStart(), o.windowEnd(), o.requests(),
        o.errors(), o.p95LatencyMs(), o.disagreementRate(), o.metrics(), o.receivedAt());
  }
}
