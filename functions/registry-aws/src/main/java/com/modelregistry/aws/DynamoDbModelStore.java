package com.modelregistry.aws;

import com.modelregistry.core.ConcurrentUpdateException;
import com.modelregistry.core.domain.AuditEntry;
import com.modelregistry.core.domain.IdempotencyRecord;
import com.modelregistry.core.domain.Model;
import com.modelregistry.core.domain.ModelCard;
import com.modelregistry.core.domain.ModelFilter;
import com.modelregistry.core.domain.ModelVersion;
import com.modelregistry.core.domain.Page;
import com.modelregistry.core.domain.Stage;
import com.modelregistry.core.domain.PageRequest;
import com.modelregistry.core.domain.VersionFilter;
import com.modelregistry.core.port.Change;
import com.modelregistry.core.port.ModelStore;
import com.modelregistry.core.port.PageTokens;
import com.modelregistry.core.domain.Observation;
import com.modelregistry.core.domain.ObservationPhase;
import com.modelregistry.core.domain.Routing;
import com.modelregistry.core.promotion.ApprovalRequest;
import com.modelregistry.core.promotion.Promotion;
import com.modelregistry.core.promotion.PromotionStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link ModelStore} on one DynamoDB table (ARCHITECTURE.md, "Data"; the items are listed on {@link Items}).
 * Every {@link Change} is one TransactWriteItems whose model item is conditioned on the revision that was
 * read, so a model's version counter, versions, semver claims, cards, audit entries, promotions, routing
 * changes and approval links change together or not at all (at most {@value #MAX_TRANSACTION_ITEMS} items,
 * DynamoDB's limit). Deciding an approval link is a conditional update in the same transaction: still
 * PENDING and {@code expiresAtMillis} after the decision's instant.
 */
public final class DynamoDbModelStore implements ModelStore {
  /** DynamoDB's limit on the items of one TransactWriteItems. */
  static final int MAX_TRANSACTION_ITEMS = 100;

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final Clock clock;

  public DynamoDbModelStore(DynamoDbClient dynamoDb, String table, Clock clock) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.clock = clock;
  }

  @Override
  public Optional<Model> findModelByName(String name) {
    return get(Items.NAME_PREFIX + name, Items.META)
        .flatMap(pointer -> get(Items.MODEL_PREFIX + pointer.get("modelId").s(), Items.META))
        .filter(item -> !item.containsKey("deleted"))
        .map(Items::toModel);
  }

  @Override
  public Optional<Model> findModelById(String modelId) {
    return get(Items.MODEL_PREFIX + modelId, Items.META).filter(item -> !item.containsKey("deleted")).map(Items::toModel);
  }

  @Override
  public Optional<ModelVersion> findVersion(String modelId, long version) {
    return get(Items.MODEL_PREFIX + modelId, Items.versionKey(version)).map(Items::toVersion);
  }

  @Override
  public Optional<Long> findVersionBySemver(String modelId, String semver) {
    return get(Items.MODEL_PREFIX + modelId, Items.SEMVER_PREFIX + semver).map(item -> Long.parseLong(item.get("version").n()));
  }

  @Override
  public Optional<ModelCard> findModelCard(String modelId, long version) {
    return get(Items.MODEL_PREFIX + modelId, Items.cardKey(version)).map(Items::toCard);
  }

  @Override
  public Optional<IdempotencyRecord> findIdempotencyRecord(String key) {
    return get(Items.IDEMPOTENCY_PREFIX + key, Items.META).map(Items::toIdempotency)
        .filter(record -> record.expiresAt().isAfter(clock.instant()));
  }

  @Override
  public Page<Model> listModels(ModelFilter filter, PageRequest page) {
    QueryRequest.Builder query = QueryRequest.builder().tableName(table);
    List<String> keys;
    Function<Map<String, AttributeValue>, Optional<Model>> convert;
    String listing;
    if (filter.stage() != null) {
      listing = "models-by-stage";
      query.indexName(Items.BY_STAGE).keyConditionExpression("GSI1PK = :pk")
          .expressionAttributeValues(Map.of(":pk", Items.s(Items.STAGE_PREFIX + filter.stage().label())));
      keys = List.of("PK", "SK", "GSI1PK", "GSI1SK");
      convert = item -> get(Items.MODEL_PREFIX + item.get("modelId").s(), Items.META)
          .filter(model -> !model.containsKey("deleted")).map(Items::toModel).filter(filter::matches);
    } else {
      if (filter.owner() != null) {
        listing = "models-by-owner";
        query.indexName(Items.BY_OWNER).keyConditionExpression("GSI2PK = :pk")
            .expressionAttributeValues(Map.of(":pk", Items.s(Items.OWNER_PREFIX + filter.owner())));
        keys = List.of("PK", "SK", "GSI2PK", "GSI2SK");
      } else {
        listing = "models";
        query.indexName(Items.BY_NAME).keyConditionExpression("GSI3PK = :pk")
            .expressionAttributeValues(Map.of(":pk", Items.s(Items.ALL_MODELS)));
        keys = List.of("PK", "SK", "GSI3PK", "GSI3SK");
      }
      convert = item -> Optional.of(Items.toModel(item)).filter(filter::matches);
    }
    return paged(listing, query, keys, page, convert);
  }

  @Override
  public Page<ModelVersion> listVersions(String modelId, VersionFilter filter, PageRequest page) {
    QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true).scanIndexForward(false)
        .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
        .expressionAttributeValues(Map.of(":pk", Items.s(Items.MODEL_PREFIX + modelId), ":sk", Items.s(Items.VERSION_PREFIX)));
    return paged("versions/" + modelId, query, List.of("PK", "SK"), page,
        item -> Optional.of(Items.toVersion(item)).filter(filter::matches));
  }

  @Override
  public Page<AuditEntry> listAudit(String modelId, PageRequest page) {
    QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
        .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
        .expressionAttributeValues(Map.of(":pk", Items.s(Items.MODEL_PREFIX + modelId), ":sk", Items.s(Items.AUDIT_PREFIX)));
    return paged("audit/" + modelId, query, List.of("PK", "SK"), page, item -> Optional.of(Items.toAudit(item)));
  }

  @Override
  public Optional<Promotion> findPromotion(String promotionId) {
    return get(Items.PROMOTION_PREFIX + promotionId, Items.META)
        .flatMap(pointer -> get(Items.MODEL_PREFIX + pointer.get("modelId").s(), Items.PROMO_PREFIX + promotionId))
        .map(Items::toPromotion);
  }

  @Override
  public Page<Promotion> listPromotions(String modelId, PromotionStatus status, PageRequest page) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":pk", Items.s(Items.MODEL_PREFIX + modelId));
    values.put(":sk", Items.s(Items.PROMO_PREFIX));
    QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true).scanIndexForward(false)
        .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)");
    if (status != null) {
      values.put(":status", Items.s(status.name()));
      query.filterExpression("#status = :status").expressionAttributeNames(Map.of("#status", "status"));
    }
    query.expressionAttributeValues(values);
    return paged("promotions/" + modelId, query, List.of("PK", "SK"), page, item -> Optional.of(Items.toPromotion(item)));
  }

  @Override
  public Optional<Routing> findRoutingAt(String modelId, Instant at) {
    QueryResponse response = dynamoDb.query(request -> request.tableName(table).consistentRead(true)
        .scanIndexForward(false).limit(1)
        .keyConditionExpression("PK = :pk AND SK BETWEEN :from AND :to")
        .expressionAttributeValues(Map.of(":pk", Items.s(Items.MODEL_PREFIX + modelId),
            ":from", Items.s(Items.ROUTE_PREFIX), ":to", Items.s(Items.routeKeyBound(at.toEpochMilli())))));
    return response.items().stream().findFirst().map(item -> Items.toRouting(item.get("routing")));
  }

  @Override
  public void appendObservation(Observation observation) {
    Objects.requireNonNull(observation.windowEnd(), "windowEnd");
    // A random suffix keeps two reports of the same window apart; the condition makes a collision a retry,
    // never an overwrite.
    for (int attempt = 1; ; attempt++) {
      String suffix = String.format("%08x", ThreadLocalRandom.current().nextInt());
      try {
        dynamoDb.putItem(request -> request.tableName(table).item(Items.fromObservation(observation, suffix))
            .conditionExpression("attribute_not_exists(PK)"));
        return;
      } catch (ConditionalCheckFailedException collision) {
        if (attempt == 5) {
          throw collision;
        }
      }
    }
  }

  @Override
  public List<Observation> listObservations(String modelId, long version, ObservationPhase phase, Instant endedAfter) {
    String prefix = Items.observationPrefix(version, phase);
    QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
        .keyConditionExpression("PK = :pk AND SK BETWEEN :from AND :to")
        .expressionAttributeValues(Map.of(":pk", Items.s(Items.MODEL_PREFIX + modelId),
            ":from", Items.s(prefix + Items.millis(endedAfter.toEpochMilli() + 1)),
            ":to", Items.s(prefix + Items.HIGH)));
    List<Observation> observations = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryResponse response = dynamoDb.query(query.exclusiveStartKey(start).build());
      response.items().forEach(item -> observations.add(Items.toObservation(item)));
      start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
    } while (start != null);
    return observations;
  }

  @Override
  public Optional<ApprovalRequest> findApprovalRequest(String id) {
    return get(Items.APPROVAL_PREFIX + id, Items.META).map(Items::toApproval);
  }

  @Override
  public void commit(Change change) {
    Model model = change.model();
    String modelPk = Items.MODEL_PREFIX + model.id();
    List<TransactWriteItem> writes = new ArrayList<>();
    // What each write is, for the message when its condition fails (same order as writes).
    List<String> what = new ArrayList<>();
    Promotion promotion = change.promotion();
    if (promotion != null && !model.id().equals(promotion.modelId())) {
      throw new IllegalArgumentException("promotion " + promotion.id() + " belongs to model " + promotion.modelId()
          + ", not to the changed model " + model.id());
    }
    if (change.routingChanged() && model.routing().since() == null) {
      throw new IllegalArgumentException("a changed routing needs its 'since' instant");
    }
    ApprovalRequest decided = change.decidedApproval();
    if (decided != null && (decided.decidedAt() == null || decided.decision() == null)) {
      throw new IllegalArgumentException("a decided approval needs its decision and decidedAt");
    }
    if (change.createsModel()) {
      add(writes, what, put(Items.namePointer(model), "attribute_not_exists(PK)", Map.of()),
          "model name '" + model.name() + "' is taken");
      add(writes, what, put(Items.fromModel(model, false), "attribute_not_exists(PK)", Map.of()),
          "model id " + model.id() + " exists");
    } else {
      add(writes, what, put(Items.fromModel(model, change.deleteModel()),
          "revision = :expected AND attribute_not_exists(deleted)",
          Map.of(":expected", Items.n(change.expectedRevision()))),
          "model '" + model.name() + "' changed concurrently (or was deleted)");
      if (change.deleteModel()) {
        add(writes, what, TransactWriteItem.builder().delete(Delete.builder().tableName(table)
            .key(Items.key(Items.NAME_PREFIX + model.name(), Items.META))
            .conditionExpression("modelId = :id").expressionAttributeValues(Map.of(":id", Items.s(model.id())))
            .build()).build(), "model name '" + model.name() + "' points elsewhere");
      }
    }
    for (Stage stage : new Stage[] {Stage.STAGING, Stage.PRODUCTION}) {
      Long before = change.previousStages().get(stage);
      Long after = change.deleteModel() ? null : model.stages().get(stage);
      if (after != null && !after.equals(before)) {
        add(writes, what, put(Items.stageMarker(model, stage, after), null, Map.of()), "stage marker");
      } else if (after == null && before != null) {
        add(writes, what, TransactWriteItem.builder().delete(Delete.builder().tableName(table)
            .key(Items.key(modelPk, Items.stageMarkerKey(stage))).build()).build(), "stage marker");
      }
    }
    change.versions().forEach(version -> {
      if (!version.modelId().equals(model.id())) {
        throw new IllegalArgumentException("version " + version.version() + " belongs to model " + version.modelId()
            + ", not to the changed model " + model.id());
      }
      add(writes, what, put(Items.fromVersion(version), null, Map.of()), "version " + version.version());
    });
    change.semverClaims().forEach((semver, version) ->
        add(writes, what, put(Items.semverClaim(modelPk, semver, version), "attribute_not_exists(PK)", Map.of()),
            "semver " + semver + " is already claimed in model '" + model.name() + "'"));
    if (change.card() != null) {
      add(writes, what, put(Items.fromCard(modelPk, change.card()), null, Map.of()), "model card");
    }
    add(writes, what, put(Items.fromAudit(modelPk, change.audit()), "attribute_not_exists(PK)", Map.of()),
        "audit entry " + change.audit().seq() + " of model '" + model.name() + "' exists");
    if (change.idempotency() != null) {
      add(writes, what, put(Items.fromIdempotency(change.idempotency()), "attribute_not_exists(PK) OR expiresAt < :now",
          Map.of(":now", Items.n(clock.instant().getEpochSecond()))),
          "idempotency key " + change.idempotency().key() + " is already used");
    }
    if (promotion != null) {
      add(writes, what, put(Items.fromPromotion(modelPk, promotion), null, Map.of()), "promotion " + promotion.id());
      add(writes, what, put(Items.promotionPointer(promotion), null, Map.of()), "promotion pointer " + promotion.id());
    }
    if (change.routingChanged()) {
      add(writes, what, put(Items.routingChange(modelPk, model.routing(), change.audit().seq()), null, Map.of()),
          "routing change");
    }
    for (ApprovalRequest request : change.approvalRequests()) {
      add(writes, what, put(Items.fromApproval(request), "attribute_not_exists(PK)", Map.of()),
          "approval request " + request.id() + " exists");
    }
    if (decided != null) {
      add(writes, what, TransactWriteItem.builder().update(Update.builder().tableName(table)
          .key(Items.approvalKey(decided.id()))
          .updateExpression("SET #state = :decided, decision = :decision, decidedAt = :decidedAt")
          .conditionExpression("#state = :pending AND (attribute_not_exists(expiresAtMillis) "
              + "OR expiresAtMillis > :decidedAtMillis)")
          .expressionAttributeNames(Map.of("#state", "state"))
          .expressionAttributeValues(Map.of(
              ":decided", Items.s(ApprovalRequest.State.DECIDED.name()),
              ":pending", Items.s(ApprovalRequest.State.PENDING.name()),
              ":decision", Items.s(decided.decision().name()),
              ":decidedAt", Items.s(decided.decidedAt().toString()),
              ":decidedAtMillis", Items.n(decided.decidedAt().toEpochMilli())))
          .build()).build(), "approval request " + decided.id() + " is not pending (any more) or expired");
    }
    for (int i = 0; i < change.events().size(); i++) {
      add(writes, what, put(Items.fromEvent(modelPk, change.audit().seq(), i, change.events().get(i), change.audit().at()),
          null, Map.of()), "event " + change.events().get(i).eventId());
    }
    if (writes.size() > MAX_TRANSACTION_ITEMS) {
      throw new IllegalArgumentException("the change writes " + writes.size() + " items; one transaction holds at most "
          + MAX_TRANSACTION_ITEMS);
    }
    try {
      dynamoDb.transactWriteItems(request -> request.transactItems(writes));
    } catch (TransactionCanceledException e) {
      List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
      List<String> failed = new ArrayList<>();
      boolean lostRace = false;
      for (int i = 0; i < reasons.size(); i++) {
        String code = reasons.get(i).code();
        if ("ConditionalCheckFailed".equals(code)) {
          lostRace = true;
          failed.add(i < what.size() ? what.get(i) : "item " + i);
        } else if ("TransactionConflict".equals(code)) {
          lostRace = true;
        }
      }
      if (lostRace) {
        throw new ConcurrentUpdateException(failed.isEmpty()
            ? "model '" + model.name() + "' changed concurrently"
            : String.join("; ", failed));
      }
      throw e;
    }
  }

  private static void add(List<TransactWriteItem> writes, List<String> what, TransactWriteItem write, String label) {
    writes.add(write);
    what.add(label);
  }

  private TransactWriteItem put(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
    Put.Builder put = Put.builder().tableName(table).item(item);
    if (condition != null) {
      put.conditionExpression(condition);
      if (!values.isEmpty()) {
        put.expressionAttributeValues(values);
      }
    }
    return TransactWriteItem.builder().put(put.build()).build();
  }

  private Optional<Map<String, AttributeValue>> get(String pk, String sk) {
    GetItemResponse response = dynamoDb.getItem(r -> r.tableName(table).key(Items.key(pk, sk)).consistentRead(true));
    return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
  }

  /**
   * Queries until the page is full (filters may drop items), then looks for one more match to decide
   * whether there is a next page. The token is the key of the last item returned.
   */
  private <T> Page<T> paged(String listing, QueryRequest.Builder query, List<String> keyAttributes, PageRequest page,
      Function<Map<String, AttributeValue>, Optional<T>> convert) {
    Map<String, AttributeValue> start = page.pageToken() == null ? null
        : Items.fromToken(PageTokens.decode(listing, page.pageToken()), keyAttributes);
    List<T> items = new ArrayList<>();
    Map<String, AttributeValue> lastReturned = null;
    int limit = Math.min(1000, page.pageSize() * 2 + 1);
    while (true) {
      QueryResponse response = dynamoDb.query(query.exclusiveStartKey(start).limit(limit).build());
      for (Map<String, AttributeValue> item : response.items()) {
        Optional<T> converted = convert.apply(item);
        if (converted.isEmpty()) {
          continue;
        }
        if (items.size() == page.pageSize()) {
          return new Page<>(items, PageTokens.encode(listing, Items.toToken(lastReturned, keyAttributes)));
        }
        items.add(converted.get());
        lastReturned = item;
      }
      if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
        return new Page<>(items, null);
      }
      start = response.lastEvaluatedKey();
    }
  }
}
