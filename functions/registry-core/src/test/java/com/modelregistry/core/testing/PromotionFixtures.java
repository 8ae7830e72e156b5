package com.modelregistry.core.testing;

import com.modelregistry.core.domain.Model;
import com.modelregistry.core.promotion.ApprovalDecision;
import com.modelregistry.core.promotion.ApprovalRequest;
import com.modelregistry.core.promotion.GateReport;
import com.modelregistry.core.promotion.HealthReport;
import com.modelregistry.core.promotion.HistoryEntry;
import com.modelregistry.core.promotion.Promotion;
import com.modelregistry.core.promotion.PromotionPhase;
import com.modelregistry.core.promotion.PromotionPlan;
import com.modelregistry.core.promotion.PromotionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Promotions, plans and approval links with every field set (or none), for store and codec tests. */
public final class PromotionFixtures {
  private PromotionFixtures() {}

  /** A time-sortable promotion id as the services make them: "p" + 12 hex digits of epoch millis + 16 random hex. */
  public static String promotionId(Instant at) {
    return String.format("p%012x%016x", at.toEpochMilli(), ThreadLocalRandom.current().nextLong());
  }

  /** A plan using every option: metric gates, card, metadata, size, shadow, approval and canary. */
  public static PromotionPlan fullPlan() {
    Map<String, PromotionPlan.MetricGate> metrics = new LinkedHashMap<>();
    metrics.put("auc", new PromotionPlan.MetricGate(0.9, null, 0.01));
    metrics.put("latency_ms", new PromotionPlan.MetricGate(null, 120.5, null));
    return new PromotionPlan(
        new PromotionPlan.Gates(metrics, true, List.of("datasetVersion", "gitCommit"), 10_000_000L),
        new PromotionPlan.Shadow(3600L, 0.01, 0.05, 250.0, 1000L),
        new PromotionPlan.Approval(List.of("ann@example.com", "bob@example.com"), 1, 86_400L),
        new PromotionPlan.Canary(List.of(10, 50, 100), 600L, 0.02, 300.0, null, 500L));
  }

  /** A RUNNING promotion in CANARY with reports, approvals and history, every field set. */
  public static Promotion full(Model model, long version, String id, Instant at) {
    GateReport gates = new GateReport(true, at.plusMillis(10), List.of(
        new GateReport.GateResult("metric:auc", "min 0.9; at most 0.01 below production (0.93)", "0.935", true),
        new GateReport.GateResult("modelCard", "present", "present", true)));
    HealthReport shadow = new HealthReport(true, "SHADOW", null, at.plusSeconds(1), 1200, 3, 0.0025, 180.25, 0.01,
        List.of());
    HealthReport canary = new HealthReport(false, "CANARY", 10, at.plusSeconds(5000), 40, 0, 0.0, null, null,
        List.of("too few samples: 40 < 500", ""));
    List<ApprovalDecision> approvals = List.of(
        new ApprovalDecision("ann@example.com", ApprovalDecision.Decision.APPROVE, "lgtm", "email", at.plusSeconds(4000)),
        new ApprovalDecision("bob@example.com", ApprovalDecision.Decision.REJECT, null, "api", at.plusSeconds(4001)));
    List<HistoryEntry> history = List.of(
        new HistoryEntry(PromotionPhase.VALIDATING, at, "started"),
        new HistoryEntry(PromotionPhase.STAGING, at.plusMillis(20), null),
        new HistoryEntry(PromotionPhase.CANARY, at.plusSeconds(4002), "10 %"));
    return new Promotion(id, model.id(), model.name(), version, "Production", "quarterly retrain", fullPlan(),
        PromotionStatus.RUNNING, PromotionPhase.CANARY, 10, gates, List.of(shadow, canary), approvals,
        at.plus(Duration.ofDays(1)), Map.of("ann@example.com", "a-1", "bob@example.com", "a-2"), history, "carol", "carol@example.com", 3L,
        "arn:aws:states:us-east-1:123456789012:execution:promotion:" + id, at.plusSeconds(5000), null, at,
        at.plusSeconds(5000));
  }

  /** A promotion with every nullable field null and every list empty. */
  public static Promotion minimal(Model model, long version, String id, PromotionStatus status, Instant at) {
    return new Promotion(id, model.id(), model.name(), version, null, null, null, status,
        status.isFinal() ? PromotionPhase.DONE : PromotionPhase.VALIDATING, 0, null, null, null, null, null, null, null,
        null, null, null, null, null, at, at);
  }

  /** A PENDING approval link for the promotion, expiring at {@code expiresAt}. */
  public static ApprovalRequest pendingApproval(Promotion promotion, String approver, Instant createdAt,
      Instant expiresAt) {
    return new ApprovalRequest("a-" + UUID.randomUUID(), promotion.id(), promotion.modelId(), promotion.modelName(),
        promotion.version(), approver, "task-token-" + UUID.randomUUID(), createdAt, expiresAt,
        ApprovalRequest.State.PENDING, null, null);
  }
}
