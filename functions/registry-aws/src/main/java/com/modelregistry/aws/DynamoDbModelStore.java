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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link ModelStore} on one DynamoDB table (ARCHITECTURE.md, "Data"). Every {@link Change} is one
 * TransactWriteItems whose model item is conditioned on the revision that was read, so a model's
 * version counter, versions, semver claims, cards and audit entries change together or not at all.
 */
public final class DynamoDbModelStore implements ModelStore {
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
  public void commit(Change change) {
    Model model = change.model();
    String modelPk = Items.MODEL_PREFIX + model.id();
    List<TransactWriteItem> writes = new ArrayList<>();
    if (change.createsModel()) {
      writes.add(put(Items.namePointer(model), "attribute_not_exists(PK)", Map.of()));
      writes.add(put(Items.fromModel(model, false), "attribute_not_exists(PK)", Map.of()));
    } else {
      writes.add(put(Items.fromModel(model, change.deleteModel()),
          "revision = :expected AND attribute_not_exists(deleted)",
          Map.of(":expected", Items.n(change.expectedRevision()))));
      if (change.deleteModel()) {
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
            .key(Items.key(Items.NAME_PREFIX + model.name(), Items.META))
            .conditionExpression("modelId = :id").expressionAttributeValues(Map.of(":id", Items.s(model.id())))
            .build()).build());
      }
    }
    for (Stage stage : new Stage[] {Stage.STAGING, Stage.PRODUCTION}) {
      Long before = change.previousStages().get(stage);
      Long after = change.deleteModel() ? null : model.stages().get(stage);
      if (after != null && !after.equals(before)) {
        writes.add(put(Items.stageMarker(model, stage, after), null, Map.of()));
      } else if (after == null && before != null) {
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
            .key(Items.key(modelPk, Items.stageMarkerKey(stage))).build()).build());
      }
    }
    change.versions().forEach(version -> writes.add(put(Items.fromVersion(version), null, Map.of())));
    change.semverClaims().forEach((semver, version) ->
        writes.add(put(Items.semverClaim(modelPk, semver, version), "attribute_not_exists(PK)", Map.of())));
    if (change.card() != null) {
      writes.add(put(Items.fromCard(modelPk, change.card()), null, Map.of()));
    }
    writes.add(put(Items.fromAudit(modelPk, change.audit()), "attribute_not_exists(PK)", Map.of()));
    if (change.idempotency() != null) {
      writes.add(put(Items.fromIdempotency(change.idempotency()), "attribute_not_exists(PK) OR expiresAt < :now",
          Map.of(":now", Items.n(clock.instant().getEpochSecond()))));
    }
    try {
      dynamoDb.transactWriteItems(request -> request.transactItems(writes));
    } catch (TransactionCanceledException e) {
      boolean lostRace = e.cancellationReasons().stream().map(CancellationReason::code)
          .anyMatch(code -> "ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code));
      if (lostRace) {
        throw new ConcurrentUpdateException("model '" + model.name() + "' changed concurrently");
      }
      throw e;
    }
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
