package com.modelregistry.core.promotion;

import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.Routing;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.event.Events;
import com.modelregistry.core.event.RegistryEvent;
import com.modelregistry.core.port.Change;
import com.modelregistry.core.port.ModelStore;
import com.modelregistry.core.service.AuditChain;
import com.modelregistry.core.service.ChangeBuilder;
import com.modelregistry.core.service.Lookup;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the promotion services share: reading a promotion with its model, committing a change with its
 * events, and ending a promotion (traffic back on production, the candidate's stage
 * reset), which the workflow's rollback, a cancel and a manual rollback all do the same way.
 */
final class Ledger {
  final ModelStore store;
  final Clock clock;

  Ledger(ModelStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Milliseconds, as every stored instant (DynamoDB keys order by them). */
  Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  Promotion promotion(String id) {
    return store.findPromotion(id).orElseThrow(() -> RegistryException.notFound("promotion '" + id + "' does not exist"));
  }

  Model modelOf(Promotion promotion) {
    return store.findModelById(promotion.modelId()).orElseThrow(
        () -> RegistryException.precondition("model '" + promotion.modelName() + "' of promotion " + promotion.id()
            + " was deleted"));
  }

  Model model(String name) {
    return Lookup.model(store, name);
  }

  ModelVersion version(Model model, long number) {
    return Lookup.version(store, model, number);
  }

  /** Commits the change and, in the same transaction, the events it publishes. */
  void commit(Change change, List<RegistryEvent> published) {
    store.commit(change.withEvents(published));
  }

  /** A change and the events it publishes. */
  record Outcome(Change change, List<RegistryEvent> events) {}

  /**
   * Ends a running promotion with {@code outcome}: a candidate that receives traffic is taken off it
   * (production serves 100 %), a candidate in Staging goes back to None, the model is free for the next
   * promotion. {@code extra} lets a manual rollback change more in the same transaction.
   */
  Outcome conclude(Model model, Promotion promotion, PromotionStatus outcome, String reason, String actor,
      Instant now) {
    ModelVersion candidate = version(model, promotion.version());
    Model next = model.withActivePromotion(null);
    Routing routing = model.routing();
    boolean trafficMoved = routing != null && routing.hasCandidate() && routing.candidate() == promotion.version();
    if (trafficMoved) {
      next = next.withRouting(routing.withoutCandidate(now));
    }
    boolean unstage = candidate.stage() == Stage.STAGING;
    ChangeBuilder builder;
    if (unstage) {
      if (Long.valueOf(promotion.version()).equals(model.stages().get(Stage.STAGING))) {
        next = next.withStagePointer(Stage.STAGING, null);
      }
      builder = ChangeBuilder.of(model, next).version(candidate.withStage(Stage.NONE, now));
    } else {
      builder = ChangeBuilder.of(model, next);
    }
    if (trafficMoved) {
      builder.routingChanged();
    }
    Promotion ended = promotion.ended(outcome, reason, now);
    Change change = builder.promotion(ended).audited(now, actor,
        AuditChain.Event.of("PROMOTION_" + outcome.name(), promotion.version())
            .withTransition(PromotionStatus.RUNNING.name(), outcome.name()).withReason(reason)
            .withDetails(Map.of("promotionId", promotion.id(), "phase", promotion.phase().name())));
    List<RegistryEvent> published = new ArrayList<>();
    Long production = model.stages().get(Stage.PRODUCTION);
    if (trafficMoved || outcome == PromotionStatus.ROLLED_BACK) {
      published.add(Events.of(Events.ROLLED_BACK, change, promotion.version(), promotion.id(), Events.fields(
          "fromVersion", promotion.version(), "toVersion", production, "reason", reason, "outcome", outcome.name())));
    }
    if (unstage) {
      published.add(Events.of(Events.STAGE_CHANGED, change, promotion.version(), promotion.id(),
          Events.fields("fromStage", Stage.STAGING.label(), "toStage", Stage.NONE.label())));
    }
    String type = switch (outcome) {
      case REJECTED -> Events.PROMOTION_REJECTED;
      case EXPIRED -> Events.PROMOTION_EXPIRED;
      case CANCELLED -> Events.PROMOTION_CANCELLED;
      case FAILED -> Events.PROMOTION_FAILED;
      default -> null;
    };
    if (type != null) {
      Map<String, Object> extra = Events.fields("reason", reason);
      if (outcome == PromotionStatus.REJECTED) {
        extra.put("approvers", Approvals.decisions(ended));
      }
      published.add(Events.of(type, change, promotion.version(), promotion.id(), extra));
    }
    return new Outcome(change, published);
  }
}
