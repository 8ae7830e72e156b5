package com.modelregistry.core.promotion;

import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.ObservationPhase;
import com.modelregistry.core.domain.Routing;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.event.Events;
import com.modelregistry.core.event.RegistryEvent;
import com.modelregistry.core.port.Change;
import com.modelregistry.core.port.ModelStore;
import com.modelregistry.core.service.AuditChain;
import com.modelregistry.core.service.ChangeBuilder;
import com.modelregistry.core.service.Retrying;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workflow's task steps (statemachines/promotion.asl.json calls each through the workflow function).
 * Each step reads the promotion, refuses unless it is still RUNNING, and commits its phase change with an
 * audit entry and its events. Steps are safe to retry: a step that already happened is not
 * done twice.
 */
public final class PromotionWorkflow {
  /** The actor recorded for what the workflow does by itself. */
  public static final String ACTOR = "promotion-workflow";

  private final Ledger ledger;

  public PromotionWorkflow(ModelStore store, Clock clock) {
    this.ledger = new Ledger(store, clock);
  }

  /** What the state machine needs from the plan: whether to shadow, waits, canary steps. */
  public record PlanSummary(boolean hasShadow, long shadowSeconds, long approvalTimeoutSeconds, List<Integer> canarySteps,
      long bakeSeconds) {}

  public PlanSummary begin(String promotionId) {
    Promotion promotion = running(ledger.promotion(promotionId));
    PromotionPlan plan = promotion.plan();
    return new PlanSummary(plan.shadow() != null, plan.shadow() == null ? 0 : plan.shadow().seconds(),
        plan.approval().timeoutSeconds(), plan.canarySteps(), plan.canary() == null ? 0 : plan.canary().bakeSeconds());
  }

  public GateReport evaluateGates(String promotionId) {
    return Retrying.onConflict("recording the quality gates of promotion " + promotionId, () -> {
      Promotion promotion = running(ledger.promotion(promotionId));
      if (promotion.gateReport() != null) {
        return promotion.gateReport();
      }
      Model model = ledger.modelOf(promotion);
      ModelVersion candidate = ledger.version(model, promotion.version());
      Long productionNumber = model.stages().get(Stage.PRODUCTION);
      ModelVersion production = productionNumber == null ? null
          : ledger.store.findVersion(model.id(), productionNumber).orElse(null);
      boolean hasCard = ledger.store.findModelCard(model.id(), candidate.version()).isPresent();
      Instant now = ledger.now();
      GateReport report = Gates.evaluate(promotion.plan().gates(), candidate, production, hasCard, now);
      String summary = report.passed() ? "all " + report.gates().size() + " quality gates passed"
          : "quality gates failed: " + String.join(", ", report.failedNames());
      Promotion next = promotion.withGateReport(report).noting(summary, now);
      Change change = ChangeBuilder.of(model, model).promotion(next).audited(now, ACTOR,
          AuditChain.Event.of("QUALITY_GATES", promotion.version()).withReason(summary)
              .withDetails(Map.of("promotionId", promotionId, "passed", Boolean.toString(report.passed()))));
      List<Map<String, Object>> gates = new ArrayList<>();
      report.gates().forEach(gate -> gates.add(Events.fields("name", gate.name(), "expected", gate.expected(),
          "actual", gate.actual(), "passed", gate.passed())));
      ledger.commit(change, List.of(Events.of(Events.GATES_EVALUATED, change, promotion.version(), promotionId,
          Events.fields("passed", report.passed(), "gates", gates))));
      return report;
    });
  }

  /** The candidate enters Staging (a version displaced from Staging goes back to None). */
  public void enterStaging(String promotionId) {
    Retrying.onConflict("moving promotion " + promotionId + " to staging", () -> {
      Promotion promotion = running(ledger.promotion(promotionId));
      if (promotion.phase() != PromotionPhase.VALIDATING) {
        return null;
      }
      requireGatesPassed(promotion);
      Model model = ledger.modelOf(promotion);
      ModelVersion candidate = ledger.version(model, promotion.version());
      Instant now = ledger.now();
      Stage from = candidate.stage();
      Model next = model.withStagePointer(Stage.STAGING, candidate.version());
      ChangeBuilder builder = ChangeBuilder.of(model, next);
      Long displaced = model.stages().get(Stage.STAGING);
      if (displaced != null && displaced != candidate.version()) {
        builder.version(ledger.version(model, displaced).withStage(Stage.NONE, now));
      }
      builder.version(candidate.withStage(Stage.STAGING, now));
      Promotion staged = promotion.entering(PromotionPhase.STAGING, "version " + candidate.version() + " in Staging", now);
      Change change = builder.promotion(staged).audited(now, ACTOR,
          AuditChain.Event.of("STAGE_CHANGE", candidate.version()).withTransition(from.label(), Stage.STAGING.label())
              .withReason("promotion " + promotionId).withDetails(Map.of("promotionId", promotionId)));
      List<RegistryEvent> published = new ArrayList<>();
      published.add(Events.of(Events.STAGE_CHANGED, change, candidate.version(), promotionId,
          Events.fields("fromStage", from.label(), "toStage", Stage.STAGING.label())));
      if (displaced != null && displaced != candidate.version()) {
        published.add(Events.of(Events.STAGE_CHANGED, change, displaced, null,
            Events.fields("fromStage", Stage.STAGING.label(), "toStage", Stage.NONE.label())));
      }
      ledger.commit(change, published);
      return null;
    });
  }

  /** The candidate receives a mirrored copy of production traffic; health is judged after the plan's seconds. */
  public void startShadow(String promotionId) {
    Retrying.onConflict("starting the shadow phase of promotion " + promotionId, () -> {
      Promotion promotion = running(ledger.promotion(promotionId));
      if (promotion.phase() == PromotionPhase.SHADOW) {
        return null;
      }
      requirePhase(promotion, PromotionPhase.STAGING, "start the shadow phase");
      PromotionPlan.Shadow shadow = promotion.plan().shadow();
      if (shadow == null) {
        throw RegistryException.precondition("promotion " + promotionId + " has no shadow phase in its plan");
      }
      Model model = ledger.modelOf(promotion);
      Instant now = ledger.now();
      Routing routing = (model.routing() == null ? Routing.none(now) : model.routing())
          .withCandidate(promotion.version(), Routing.Mode.SHADOW, 0, now);
      Promotion next = promotion.entering(PromotionPhase.SHADOW, "shadow traffic for " + shadow.seconds() + " s", now)
          .withStep(0, now);
      Change change = ChangeBuilder.of(model, model.withRouting(routing)).routingChanged().promotion(next)
          .audited(now, ACTOR, AuditChain.Event.of("SHADOW_STARTED", promotion.version())
              .withDetails(Map.of("promotionId", promotionId, "seconds", Long.toString(shadow.seconds()))));
      ledger.commit(change, List.of(Events.of(Events.SHADOW_REQUESTED, change, promotion.version(), promotionId,
          Events.fields("productionVersion", routing.production(), "shadowSeconds", shadow.seconds()))));
      return null;
    });
  }

  /** Judges the current shadow phase or canary step from the observations reported since it began. */
  public HealthReport evaluateHealth(String promotionId, ObservationPhase phase) {
    return Retrying.onConflict("judging the health of promotion " + promotionId, () -> {
      Promotion promotion = running(ledger.promotion(promotionId));
      Health.Thresholds limits;
      if (phase == ObservationPhase.SHADOW) {
        requirePhase(promotion, PromotionPhase.SHADOW, "judge shadow health");
        limits = Health.Thresholds.of(promotion.plan().shadow());
      } else if (phase == ObservationPhase.CANARY) {
        requirePhase(promotion, PromotionPhase.CANARY, "judge canary health");
        limits = Health.Thresholds.of(promotion.plan().canary());
      } else {
        throw RegistryException.invalid("health is judged for SHADOW or CANARY, not " + phase);
      }
      Model model = ledger.modelOf(promotion);
      Instant since = promotion.stepStartedAt();
      HealthReport report = Health.evaluate(phase.name(), phase == ObservationPhase.CANARY ? promotion.canaryPercent() : null,
          since, ledger.store.listObservations(model.id(), promotion.version(), phase, since), limits);
      Instant now = ledger.now();
      String summary = phase + (phase == ObservationPhase.CANARY ? " " + promotion.canaryPercent() + "%" : "") + " "
          + (report.healthy() ? "healthy" : "unhealthy: " + String.join("; ", report.reasons())) + " (" + report.samples()
          + " requests)";
      Promotion next = promotion.withHealthReport(report).noting(summary, now);
      Change change = ChangeBuilder.of(model, model).promotion(next).audited(now, ACTOR,
          AuditChain.Event.of("HEALTH_EVALUATED", promotion.version()).withReason(summary)
              .withDetails(Map.of("promotionId", promotionId, "healthy", Boolean.toString(report.healthy()))));
      ledger.commit(change, List.of());
      return report;
    });
  }

  /** Moves {@code percent} % of the traffic to the candidate (a canary step). */
  public void shiftCanary(String promotionId, int percent) {
    if (percent < 1 || percent > 100) {
      throw RegistryException.invalid("canary percent must be within 1..100, got " + percent);
    }
    Retrying.onConflict("shifting canary traffic of promotion " + promotionId, () -> {
      Promotion promotion = running(ledger.promotion(promotionId));
      if (promotion.phase() == PromotionPhase.CANARY && promotion.canaryPercent() == percent) {
        return null;
      }
      if (promotion.phase() != PromotionPhase.CANARY) {
        requireApproved(promotion);
      } else if (percent <= promotion.canaryPercent()) {
        throw RegistryException.precondition("canary steps only increase: at " + promotion.canaryPercent()
            + "%, asked for " + percent + "%");
      }
      Model model = ledger.modelOf(promotion);
      Instant now = ledger.now();
      int previous = promotion.phase() == PromotionPhase.CANARY ? promotion.canaryPercent() : 0;
      Routing routing = (model.routing() == null ? Routing.none(now) : model.routing())
          .withCandidate(promotion.version(), Routing.Mode.CANARY, percent, now);
      Promotion next = (promotion.phase() == PromotionPhase.CANARY
          ? promotion.noting("canary at " + percent + "%", now)
          : promotion.entering(PromotionPhase.CANARY, "canary at " + percent + "%", now)).withStep(percent, now);
      Change change = ChangeBuilder.of(model, model.withRouting(routing)).routingChanged().promotion(next)
          .audited(now, ACTOR, AuditChain.Event.of("CANARY_SHIFTED", promotion.version())
              .withTransition(previous + "%", percent + "%").withDetails(Map.of("promotionId", promotionId)));
      ledger.commit(change, List.of(Events.of(Events.CANARY_SHIFTED, change, promotion.version(), promotionId,
          Events.fields("productionVersion", routing.production(), "percent", percent, "previousPercent", previous))));
      return null;
    });
  }

  /**
   * One transaction: the candidate goes to Production, the previous production version to Archived (kept as
   * the rollback target), the model's pointers and routing follow, the promotion succeeds.
   */
  public void promote(String promotionId) {
    Retrying.onConflict("promoting the version of promotion " + promotionId, () -> {
      Promotion promotion = ledger.promotion(promotionId);
      if (promotion.status() == PromotionStatus.SUCCEEDED) {
        return null;
      }
      running(promotion);
      requireApproved(promotion);
      Model model = ledger.modelOf(promotion);
      ModelVersion candidate = ledger.version(model, promotion.version());
      if (candidate.status() != com.modelregistry.core.domain.VersionStatus.READY || candidate.stage() == Stage.ARCHIVED) {
        throw RegistryException.precondition("version " + candidate.version() + " is " + candidate.status() + " in "
            + candidate.stage().label() + ": it can't be promoted");
      }
      Instant now = ledger.now();
      Long previous = model.stages().get(Stage.PRODUCTION);
      Model next = model.withStagePointer(Stage.PRODUCTION, candidate.version()).withActivePromotion(null);
      if (Long.valueOf(candidate.version()).equals(model.stages().get(Stage.STAGING))) {
        next = next.withStagePointer(Stage.STAGING, null);
      }
      next = next.withRouting((model.routing() == null ? Routing.none(now) : model.routing())
          .promoted(candidate.version(), now));
      ChangeBuilder builder = ChangeBuilder.of(model, next).routingChanged()
          .version(candidate.withStage(Stage.PRODUCTION, now));
      if (previous != null && previous != candidate.version()) {
        builder.version(ledger.version(model, previous).withStage(Stage.ARCHIVED, now));
      }
      Promotion done = promotion.entering(PromotionPhase.PROMOTING, "promoting to Production", now)
          .ended(PromotionStatus.SUCCEEDED, "version " + candidate.version() + " is in Production", now);
      Map<String, String> details = new LinkedHashMap<>();
      details.put("promotionId", promotionId);
      if (previous != null) details.put("previousVersion", Long.toString(previous));
      Change change = builder.promotion(done).audited(now, ACTOR, AuditChain.Event.of("PROMOTED", candidate.version())
          .withTransition(candidate.stage().label(), Stage.PRODUCTION.label()).withReason(promotion.reason())
          .withDetails(details));
      List<RegistryEvent> published = new ArrayList<>();
      published.add(Events.of(Events.STAGE_CHANGED, change, candidate.version(), promotionId,
          Events.fields("fromStage", candidate.stage().label(), "toStage", Stage.PRODUCTION.label())));
      if (previous != null && previous != candidate.version()) {
        published.add(Events.of(Events.STAGE_CHANGED, change, previous, promotionId,
            Events.fields("fromStage", Stage.PRODUCTION.label(), "toStage", Stage.ARCHIVED.label())));
      }
      published.add(Events.of(Events.VERSION_PROMOTED, change, candidate.version(), promotionId,
          Events.fields("previousVersion", previous)));
      ledger.commit(change, published);
      return null;
    });
  }

  /**
   * Ends the promotion with {@code outcome} (ROLLED_BACK, REJECTED, EXPIRED or FAILED): traffic back on the
   * production version at 100 %, the candidate's stage reset. A promotion that already ended is left as it is.
   */
  public void rollback(String promotionId, PromotionStatus outcome, String reason) {
    if (outcome == PromotionStatus.RUNNING || outcome == PromotionStatus.SUCCEEDED) {
      throw RegistryException.invalid("a rollback ends a promotion as ROLLED_BACK, REJECTED, EXPIRED, CANCELLED or FAILED");
    }
    Retrying.onConflict("rolling back promotion " + promotionId, () -> {
      Promotion promotion = ledger.promotion(promotionId);
      if (!promotion.isRunning()) {
        return null;
      }
      Model model = ledger.modelOf(promotion);
      Ledger.Outcome result = ledger.conclude(model, promotion, outcome, reason, ACTOR, ledger.now());
      ledger.commit(result.change(), result.events());
      return null;
    });
  }

  private static Promotion running(Promotion promotion) {
    if (!promotion.isRunning()) {
      throw RegistryException.precondition("promotion " + promotion.id() + " is " + promotion.status()
          + ", not RUNNING: the workflow stops here");
    }
    return promotion;
  }

  private static void requirePhase(Promotion promotion, PromotionPhase phase, String action) {
    if (promotion.phase() != phase) {
      throw RegistryException.precondition("promotion " + promotion.id() + " is in phase " + promotion.phase()
          + ": can't " + action + " (needs " + phase + ")");
    }
  }

  private static void requireGatesPassed(Promotion promotion) {
    if (promotion.gateReport() == null || !promotion.gateReport().passed()) {
      throw RegistryException.precondition("promotion " + promotion.id() + " has not passed its quality gates");
    }
  }

  /** Traffic moves and production changes only after the required approvals, and never after a reject. */
  private static void requireApproved(Promotion promotion) {
    requireGatesPassed(promotion);
    if (promotion.isRejectedByApprover() || promotion.approvalCount() < promotion.plan().approval().required()) {
      throw RegistryException.precondition("promotion " + promotion.id() + " is not approved ("
          + promotion.approvalCount() + " of " + promotion.plan().approval().required() + " approvals"
          + (promotion.isRejectedByApprover() ? ", rejected" : "") + ")");
    }
  }
}
