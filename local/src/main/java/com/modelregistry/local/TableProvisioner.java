package com.modelregistry.local;

import com.modelregistry.local.sam.TableDefinition;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Provisions the template's tables ({@link com.modelregistry.local.sam.SamTemplate#tables()}) through any
 * DynamoDB client: DynamoDB Local in-process, or another endpoint such as LocalStack. Tables become
 * ACTIVE at once on these emulators, so no waiting is done.
 */
public final class TableProvisioner {

  private TableProvisioner() {}

  /**
   * Creates the tables that don't exist yet, and adds GSIs, TTL and the stream the template gained since. A
   * stream whose StreamViewType changed is replaced by a new one (as CloudFormation does: disabled, then
   * enabled); a stream the template no longer declares is disabled.
   *
   * @return the label of each table's current stream (its creation time, e.g. {@code 2026-11-23T07:33:22.130}),
   *     by table name, for the tables with a StreamSpecification
   */
  public static Map<String, String> provision(DynamoDbClient client, List<TableDefinition> tables) {
    Set<String> existing = new HashSet<>(client.listTablesPaginator().tableNames().stream().toList());
    Map<String, String> streamLabels = new LinkedHashMap<>();
    for (TableDefinition table : tables) {
      TableDescription description;
      if (existing.contains(table.name())) {
        addMissingIndexes(client, table);
        description = updateStream(client, table);
      } else {
        description = client.createTable(request -> request
            .tableName(table.name())
            .keySchema(table.keySchema())
            .attributeDefinitions(table.attributeDefinitions())
            .globalSecondaryIndexes(table.globalSecondaryIndexes().isEmpty() ? null : table.globalSecondaryIndexes())
            .streamSpecification(table.hasStream() ? stream(table.streamViewType()) : null)
            .billingMode(BillingMode.PAY_PER_REQUEST)).tableDescription();
      }
      if (table.ttlAttribute() != null) {
        enableTimeToLive(client, table);
      }
      if (table.hasStream()) {
        streamLabels.put(table.name(), description.latestStreamLabel());
      }
    }
    return streamLabels;
  }

  private static StreamSpecification stream(String viewType) {
    return StreamSpecification.builder().streamEnabled(true).streamViewType(viewType).build();
  }

  /** Enables, replaces or disables an existing table's stream as the template says; returns the table then. */
  private static TableDescription updateStream(DynamoDbClient client, TableDefinition table) {
    TableDescription description = client.describeTable(request -> request.tableName(table.name())).table();
    StreamSpecification current = description.streamSpecification();
    boolean enabled = current != null && Boolean.TRUE.equals(current.streamEnabled());
    if (enabled && (!table.hasStream() || !table.streamViewType().equals(current.streamViewTypeAsString()))) {
      client.updateTable(request -> request.tableName(table.name())
          .streamSpecification(StreamSpecification.builder().streamEnabled(false).build()));
      enabled = false;
    }
    if (!enabled && table.hasStream()) {
      return client.updateTable(request -> request.tableName(table.name()).streamSpecification(stream(table.streamViewType())))
          .tableDescription();
    }
    return description;
  }

  private static void addMissingIndexes(DynamoDbClient client, TableDefinition table) {
    TableDescription description = client.describeTable(request -> request.tableName(table.name())).table();
    Set<String> indexes = new HashSet<>();
    if (description.hasGlobalSecondaryIndexes()) {
      description.globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName).forEach(indexes::add);
    }
    for (GlobalSecondaryIndex index : table.globalSecondaryIndexes()) {
      if (!indexes.contains(index.indexName())) {
        client.updateTable(request -> request
            .tableName(table.name())
            .attributeDefinitions(table.attributeDefinitions())
            .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
                .create(create -> create
                    .indexName(index.indexName())
                    .keySchema(index.keySchema())
                    .projection(index.projection()))
                .build()));
      }
    }
  }

  private static void enableTimeToLive(DynamoDbClient client, TableDefinition table) {
    TimeToLiveStatus status = client.describeTimeToLive(request -> request.tableName(table.name()))
        .timeToLiveDescription().timeToLiveStatus();
    if (status != TimeToLiveStatus.ENABLED && status != TimeToLiveStatus.ENABLING) {
      client.updateTimeToLive(request -> request
          .tableName(table.name())
          .timeToLiveSpecification(ttl -> ttl.attributeName(table.ttlAttribute()).enabled(true)));
    }
  }
}
