package com.modelregistry.core.promotion;

import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.Observation;
import com.modelregistry.core.domain.ObservationPhase;
import com.modelregistry.core.domain.Page;
import com.modelregistry.core.domain.PageRequest;
import com.modelregistry.core.domain.Principal;
import com.modelregistry.core.domain.Routing;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.domain.VersionStatus;
import com.modelregistry.core.event.Events;
import com.modelregistry.core.event.RegistryEvent;
import com.modelregistry.core.port.Change;
import com.modelregistry.core.port.ModelStore;
import com.modelregistry.core.port.WorkflowEngine;
import com.modelregistry.core.service.AuditChain;
import com.modelregistry.core.service.ChangeBuilder;
import com.modelregistry.core.service.Retrying;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Promotions as the API sees them: start one (the workflow does the rest), read, list, cancel; the
 * routing (now, or at a past instant); serving-side observations; and the manual rollback.
 */
public final class PromotionService {
  private static final System.Logger LOG = System.getLogger(PromotionService.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final Ledger ledger;
  private final WorkflowEngine engine;

  public PromotionService(ModelStore store, WorkflowEngine engine, Clock clock) {
    this.ledger = new Ledger(store, clock);
    this.engine = engine;
  }

  /**
   * Records a RUNNING promotion and starts its workflow. CONFLICT while another promotion runs for the
   * model; FAILED_PRECONDITION unless the version is READY and neither in Production nor Archived.
   */
  public Promotion start(Principal requester, String modelName, long number, StartPromotionRequest request) {
    if (request == null || request.plan() == null) {
      throw RegistryException.invalid("a promotion needs {target, reason, plan}; plan.approval is required");
    }
    String target = request.target() == null ? Stage.PRODUCTION.label() : request.target();
    if (!Stage.PRODUCTION.label().equalsIgnoreCase(target)) {
      throw RegistryException.invalid("target must be Production (versions reach Staging as part of the promotion)");
    }
    if (request.reason() != null && request.reason().length() > 1000) {
      throw RegistryException.invalid("reason is limited to 1000 characters");
    }
    if (requester.email() == null || requester.email().isBlank()) {
      throw RegistryException.denied(requester.name() + " has no email address (the token's email claim): a promotion's "
          + "requester needs one, so that nobody approves their own promotion");
    }
    request.plan().validate(requester.email());
    Promotion started = Retrying.onConflict("starting a promotion of '" + modelName + "'", () -> {
      Model model = ledger.model(modelName);
      ModelVersion version = ledger.version(model, number);
      if (model.activePromotion() != null) {
        throw RegistryException.conflict("promotion " + model.activePromotion() + " is already running for model '"
            + modelName + "': wait for it to end or cancel it (POST /v1/promotions/" + model.activePromotion()
            + "/cancel)");
      }
      if (version.status() != VersionStatus.READY) {
        throw RegistryException.precondition("version " + number + " is " + version.status()
            + ": only READY versions (artifact uploaded and verified) can be promoted");
      }
      if (version.stage() == Stage.PRODUCTION || version.stage() == Stage.ARCHIVED) {
        throw RegistryException.precondition("version " + number + " is in " + version.stage().label()
            + ": promote a version that is in None or Staging");
      }
      Instant now = ledger.now();
      String id = newId(now);
      Promotion promotion = new Promotion(id, model.id(), model.name(), number, Stage.PRODUCTION.label(),
          request.reason(), request.plan(), PromotionStatus.RUNNING, PromotionPhase.VALIDATING, 0, null, null, null, null,
          null, List.of(new HistoryEntry(PromotionPhase.VALIDATING, now, "requested by " + requester.name()
              + (request.reason() == null ? "" : ": " + request.reason()))),
          requester.name(), requester.email(), model.stages().get(Stage.PRODUCTION), engine.executionArnOf(id), null,
          null, now, now);
      Change change = ChangeBuilder.of(model, model.withActivePromotion(id)).promotion(promotion).audited(now,
          requester.name(), AuditChain.Event.of("PROMOTION_STARTED", number).withReason(request.reason())
              .withDetails(Map.of("promotionId", id, "target", promotion.target())));
      ledger.commit(change, List.of(Events.of(Events.PROMOTION_STARTED, change, number, id, Events.fields(
          "target", promotion.target(), "reason", request.reason() == null ? "" : request.reason(),
          "requestedBy", requester.name()))));
      return promotion;
    });
    try {
      engine.start(started.id());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "starting the workflow of promotion " + started.id() + " failed: " + e);
      abandon(started, "the promotion workflow could not be started");
      throw RegistryException.internal("the promotion workflow could not be started; the promotion was marked FAILED. "
          + "Try again in a moment");
    }
    return started;
  }

  private void abandon(Promotion promotion, String reason) {
    try {
      Retrying.onConflict("marking promotion " + promotion.id() + " failed", () -> {
        Promotion current = ledger.promotion(promotion.id());
        if (current.isRunning()) {
          Ledger.Outcome outcome = ledger.conclude(ledger.modelOf(current), current, PromotionStatus.FAILED, reason,
              PromotionWorkflow.ACTOR, ledger.now());
          ledger.commit(outcome.change(), outcome.events());
        }
        return null;
      });
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "marking promotion " + promotion.id() + " failed did not work: " + e);
    }
  }

  public Promotion get(String id) {
    return ledger.promotion(id);
  }

  public Page<Promotion> list(String modelName, PromotionStatus status, PageRequest page) {
    return ledger.store.listPromotions(ledger.model(modelName).id(), status, page);
  }

  /**
   * Ends a running promotion as CANCELLED (traffic back on production, candidate's stage reset), then
   * stops its workflow. A promotion that already ended can't be cancelled (FAILED_PRECONDITION).
   */
  public Promotion cancel(String actor, String id, String reason) {
    Promotion cancelled = Retrying.onConflict("cancelling promotion " + id, () -> {
      Promotion promotion = ledger.promotion(id);
      if (!promotion.isRunning()) {
        throw RegistryException.precondition("promotion " + id + " already ended as " + promotion.status());
      }
      Ledger.Outcome outcome = ledger.conclude(ledger.modelOf(promotion), promotion, PromotionStatus.CANCELLED,
          reason == null || reason.isBlank() ? "cancelled by " + actor : reason, actor, ledger.now());
      ledger.commit(outcome.change(), outcome.events());
      return outcome.change().promotion();
    });
    stopQuietly(cancelled);
    return cancelled;
  }

  private void stopQuietly(Promotion promotion) {
    try {
      engine.stop(promotion.executionArn(), promotion.status() + ": " + promotion.outcome());
    } catch (RuntimeException e) {
      // The promotion is ended; its workflow's next task sees that and stops by itself.
      LOG.log(System.Logger.Level.WARNING, "stopping " + promotion.executionArn() + " failed: " + e);
    }
  }

  /** The routing now, or at {@code at} (what served then); empty if no version served at that time. */
  public Optional<Routing> routing(String modelName, Instant at) {
    Model model = ledger.model(modelName);
    if (at == null) {
      return Optional.ofNullable(model.routing());
    }
    if (at.isAfter(ledger.now())) {
      throw RegistryException.invalid("at is in the future: routing history answers for past instants");
    }
    return ledger.store.findRoutingAt(model.id(), at);
  }

  /** Stores a serving-side report about a version; health checks of its promotion read it. */
  public Observation observe(String actor, String modelName, long number, ObservationRequest request) {
    if (request == null) {
      throw RegistryException.invalid("an observation needs {phase, windowStart, windowEnd, requests, errors}");
    }
    ObservationPhase phase = ObservationPhase.parse(request.phase());
    Instant start = instant("windowStart", request.windowStart());
    Instant end = instant("windowEnd", request.windowEnd());
    Instant now = ledger.now();
    List<String> problems = new ArrayList<>();
    if (!end.isAfter(start)) problems.add("windowEnd must be after windowStart");
    if (end.isAfter(now.plus(CLOCK_SKEW))) problems.add("windowEnd is in the future");
    if (request.requests() == null || request.requests() < 0) problems.add("requests must be a count >= 0");
    if (request.errors() == null || request.errors() < 0) problems.add("errors must be a count >= 0");
    if (request.requests() != null && request.errors() != null && request.errors() > request.requests()) {
      problems.add("errors can't exceed requests");
    }
    if (request.p95LatencyMs() != null && (request.p95LatencyMs() < 0 || request.p95LatencyMs().isNaN())) {
      problems.add("p95LatencyMs must be >= 0");
    }
    if (request.disagreementRate() != null && !(request.disagreementRate() >= 0 && request.disagreementRate() <= 1)) {
      problems.add("disagreementRate is a fraction within 0..1");
    }
    if (request.metrics() != null && request.metrics().size() > 50) problems.add("at most 50 metrics");
    if (!problems.isEmpty()) {
      throw RegistryException.invalid(String.join("; ", problems));
    }
    Model model = ledger.model(modelName);
    ModelVersion version = ledger.version(model, number);
    Observation observation = new Observation(model.id(), version.version(), phase, start, end, request.requests(),
        request.errors(), request.p95LatencyMs(), request.disagreementRate(), request.metrics(), actor, now);
    ledger.store.appendObservation(observation);
    return observation;
  }

  /** The result of a manual rollback. */
  public record RollbackResult(String model, Long fromVersion, Long toVersion, String promotionId, Routing routing) {}

  /**
   * Manual rollback (admin), at any time. A running promotion is ended as ROLLED_BACK (its candidate taken
   * off traffic) and its workflow stopped; with {@code toVersion}, or when no promotion runs, production
   * moves to {@code toVersion} or else to the version the last promotion replaced.
   */
  public RollbackResult rollback(String actor, String modelName, Long toVersion, String reason) {
    String why = reason == null || reason.isBlank() ? "manual rollback by " + actor : reason;
    List<Promotion> stopped = new ArrayList<>();
    RollbackResult result = Retrying.onConflict("rolling back '" + modelName + "'", () -> {
      stopped.clear();
      Model model = ledger.model(modelName);
      Instant now = ledger.now();
      if (model.activePromotion() != null) {
        Promotion running = ledger.promotion(model.activePromotion());
        if (running.isRunning()) {
          Ledger.Outcome outcome = ledger.conclude(model, running, PromotionStatus.ROLLED_BACK, why, actor, now);
          ledger.commit(outcome.change(), outcome.events());
          stopped.add(outcome.change().promotion());
          if (toVersion == null) {
            Model after = outcome.change().model();
            return new RollbackResult(model.name(), running.version(), after.stages().get(Stage.PRODUCTION),
                running.id(), after.routing());
          }
          model = outcome.change().model();
        }
      }
      return switchProduction(actor, model, toVersion, why, now);
    });
    stopped.forEach(this::stopQuietly);
    return result;
  }

  private RollbackResult switchProduction(String actor, Model model, Long toVersion, String why, Instant now) {
    Long current = model.stages().get(Stage.PRODUCTION);
    Long target = toVersion != null ? toVersion : model.routing() == null ? null : model.routing().previousProduction();
    if (target == null) {
      throw RegistryException.precondition("model '" + model.name() + "' has no previous production version to roll "
          + "back to: name one with {\"toVersion\": N}");
    }
    if (target.equals(current)) {
      throw RegistryException.precondition("version " + target + " is already in Production");
    }
    ModelVersion to = ledger.version(model, target);
    if (to.status() != VersionStatus.READY) {
      throw RegistryException.precondition("version " + target + " is " + to.status() + ": only a READY version can serve");
    }
    Routing routing = (model.routing() == null ? Routing.none(now) : model.routing()).rolledBackTo(target, now);
    Model next = model.withStagePointer(Stage.PRODUCTION, target).withRouting(routing);
    if (target.equals(model.stages().get(Stage.STAGING))) {
      next = next.withStagePointer(Stage.STAGING, null);
    }
    ChangeBuilder builder = ChangeBuilder.of(model, next).routingChanged().version(to.withStage(Stage.PRODUCTION, now));
    if (current != null) {
      builder.version(ledger.version(model, current).withStage(Stage.ARCHIVED, now));
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("toVersion", Long.toString(target));
    if (current != null) details.put("fromVersion", Long.toString(current));
    Change change = builder.audited(now, actor, AuditChain.Event.of("ROLLBACK", target)
        .withTransition(current == null ? null : "v" + current, "v" + target).withReason(why).withDetails(details));
    List<RegistryEvent> published = new ArrayList<>();
    published.add(Events.of(Events.ROLLED_BACK, change, target, null, Events.fields(
        "fromVersion", current, "toVersion", target, "reason", why, "outcome", "MANUAL")));
    published.add(Events.of(Events.STAGE_CHANGED, change, target, null,
        Events.fields("fromStage", to.stage().label(), "toStage", Stage.PRODUCTION.label())));
    if (current != null) {
      published.add(Events.of(Events.STAGE_CHANGED, change, current, null,
          Events.fields("fromStage", Stage.PRODUCTION.label(), "toStage", Stage.ARCHIVED.label())));
    }
    ledger.commit(change, published);
    return new RollbackResult(model.name(), current, target, null, routing);
  }

  private static Instant instant(String field, String text) {
    if (text == null || text.isBlank()) {
      throw RegistryException.invalid(field + " is required (an ISO-8601 instant, e.g. 2026-11-23T10:15:00Z)");
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw RegistryException.invalid(field + " must be an ISO-8601 instant like 2026-11-23T10:15:00Z, got '" + text + "'");
    }
  }

  /** Time-ordered ids: "p", 12 hex digits of epoch millis, 16 random hex digits. */
  static String newId(Instant now) {
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    return "p" + String.format("%012x", now.toEpochMilli()) + HexFormat.of().formatHex(random);
  }
}
