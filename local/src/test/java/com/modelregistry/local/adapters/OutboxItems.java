package com.modelregistry.local.adapters;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads a model's EVENT# items (the outbox) straight from the table, in key order (= commit order). */
public final class OutboxItems {
  private OutboxItems() {}

  /** {@code detailType → eventId} of each EVENT# item of the model. */
  public static List<Map.Entry<String, String>> of(DynamoDbClient dynamoDb, String table, String modelId) {
    return dynamoDb.queryPaginator(query -> query.tableName(table).consistentRead(true)
            .keyConditionExpression("PK = :pk AND begins_with(SK, :event)")
            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("MODEL#" + modelId),
                ":event", AttributeValue.fromS("EVENT#"))))
        .items().stream()
        .map(item -> Map.entry(item.get("detailType").s(), item.get("eventId").s()))
        .toList();
  }
}
