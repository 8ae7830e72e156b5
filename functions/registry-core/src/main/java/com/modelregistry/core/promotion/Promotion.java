package com.modelregistry.core.promotion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One governed promotion of a model version towards production, driven by the workflow. Stored as item
 * {@code PROMO#<id>} of its model, and changed only together with the model (and an audit entry).
 *
 * @param stepStartedAt when the current shadow phase or canary step began: health counts observations since
 * @param previousProduction the production version when the promotion started (the rollback target)
 * @param approvalLinks approver email → id of the approval link mailed to them (their {@link ApprovalRequest})
 * @param executionArn the Step Functions execution driving it (its name is the promotion id)
 */
public record Promotion(
    String id,
    String modelId,
    String modelName,
    long version,
    String target,
    String reason,
    PromotionPlan plan,
    PromotionStatus status,
    PromotionPhase phase,
    int canaryPercent,
    GateReport gateReport,
    List<HealthReport> healthReports,
    List<ApprovalDecision> approvals,
    Instant approvalExpiresAt,
    Map<String, String> approvalLinks,
    List<HistoryEntry> history,
    String requestedBy,
    String requesterEmail,
    Long previousProduction,
    String executionArn,
    Instant stepStartedAt,
    String outcome,
    Instant createdAt,
    Instant updatedAt) {

  public Promotion {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(phase, "phase");
    healthReports = healthReports == null ? List.of() : List.copyOf(healthReports);
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
    history = history == null ? List.of() : List.copyOf(history);
    approvalLinks = approvalLinks == null ? Map.of() : Map.copyOf(approvalLinks);
  }

  public boolean isRunning() {
    return status == PromotionStatus.RUNNING;
  }

  /** Enters {@code newPhase} (recorded in the history with {@code detail}). */
  Promotion entering(PromotionPhase newPhase, String detail, Instant at) {
    return with(status, newPhase, canaryPercent, gateReport, healthReports, approvals, approvalExpiresAt,
        appended(history, new HistoryEntry(newPhase, at, detail)), stepStartedAt, outcome, at);
  }

  /** A history entry in the current phase. */
  Promotion noting(String detail, Instant at) {
    return with(status, phase, canaryPercent, gateReport, healthReports, approvals, approvalExpiresAt,
        appended(history, new HistoryEntry(phase, at, detail)), stepStartedAt, outcome, at);
  }

  Promotion withGateReport(GateReport report) {
    return with(status, phase, canaryPercent, report, healthReports, approvals, approvalExpiresAt, history,
        stepStartedAt, outcome, updatedAt);
  }

  Promotion withHealthReport(HealthReport report) {
    return with(status, phase, canaryPercent, gateReport, appended(healthReports, report), approvals,
        approvalExpiresAt, history, stepStartedAt, outcome, updatedAt);
  }

  Promotion withStep(int percent, Instant startedAt) {
    return with(status, phase, percent, gateReport, healthReports, approvals, approvalExpiresAt, history, startedAt,
        outcome, updatedAt);
  }

  Promotion withApproval(ApprovalDecision decision) {
    return with(status, phase, canaryPercent, gateReport, healthReports, appended(approvals, decision),
        approvalExpiresAt, history, stepStartedAt, outcome, updatedAt);
  }

  Promotion awaitingApproval(Instant expiresAt, Map<String, String> links) {
    return withLinks(status, phase, canaryPercent, gateReport, healthReports, approvals, expiresAt, links, history,
        stepStartedAt, outcome, updatedAt);
  }

  /** Approvals so far, one per approver (the first decision of each counts). */
  public long approvalCount() {
    return approvals.stream().filter(a -> a.decision() == ApprovalDecision.Decision.APPROVE)
        .map(ApprovalDecision::approver).distinct().count();
  }

  public boolean isRejectedByApprover() {
    return approvals.stream().anyMatch(a -> a.decision() == ApprovalDecision.Decision.REJECT);
  }

  /** Whether the approvers have decided: any reject, or the required number of approvals. */
  public boolean approvalSettled() {
    return isRejectedByApprover() || (plan.approval() != null && approvalCount() >= plan.approval().required());
  }

  public boolean hasDecided(String approver) {
    return approvals.stream().anyMatch(a -> a.approver().equalsIgnoreCase(approver));
  }

  Promotion ended(PromotionStatus finalStatus, String why, Instant at) {
    return with(finalStatus, PromotionPhase.DONE, finalStatus == PromotionStatus.SUCCEEDED ? 100 : 0, gateReport,
        healthReports, approvals, approvalExpiresAt,
        appended(history, new HistoryEntry(PromotionPhase.DONE, at, finalStatus + (why == null ? "" : ": " + why))),
        null, why, at);
  }

  private Promotion with(PromotionStatus newStatus, PromotionPhase newPhase, int percent, GateReport report,
      List<HealthReport> health, List<ApprovalDecision> decisions, Instant expires, List<HistoryEntry> entries,
      Instant stepStart, String newOutcome, Instant at) {
    return withLinks(newStatus, newPhase, percent, report, health, decisions, expires, approvalLinks, entries,
        stepStart, newOutcome, at);
  }

  private Promotion withLinks(PromotionStatus newStatus, PromotionPhase newPhase, int percent, GateReport report,
      List<HealthReport> health, List<ApprovalDecision> decisions, Instant expires, Map<String, String> links,
      List<HistoryEntry> entries, Instant stepStart, String newOutcome, Instant at) {
    return new Promotion(id, modelId, modelName, version, target, reason, plan, newStatus, newPhase, percent, report,
        health, decisions, expires, links, entries, requestedBy, requesterEmail, previousProduction, executionArn, stepStart,
        newOutcome, createdAt, at);
  }

  private static <T> List<T> appended(List<T> list, T item) {
    List<T> next = new ArrayList<>(list);
    next.add(item);
    return next;
  }
}
