package com.modelregistry.local;

import com.modelregistry.local.sam.TableDefinition;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Provisions the template's tables ({@link com.modelregistry.local.sam.SamTemplate#tables()}) through any
 * DynamoDB client: DynamoDB Local in-process, or another endpoint such as LocalStack. Tables become
 * ACTIVE at once on these emulators, so no waiting is done.
 */
public final class TableProvisioner {

  private TableProvisioner() {}

  /** Creates the tables that don't exist yet, and adds GSIs and TTL the template gained since. */
  public static void provision(DynamoDbClient client, List<TableDefinition> tables) {
    Set<String> existing = new HashSet<>(client.listTablesPaginator().tableNames().stream().toList());
    for (TableDefinition table : tables) {
      if (existing.contains(table.name())) {
        addMissingIndexes(client, table);
      } else {
        client.createTable(request -> request
            .tableName(table.name())
            .keySchema(table.keySchema())
            .attributeDefinitions(table.attributeDefinitions())
            .globalSecondaryIndexes(table.globalSecondaryIndexes().isEmpty() ? null : table.globalSecondaryIndexes())
            .billingMode(BillingMode.PAY_PER_REQUEST));
      }
      if (table.ttlAttribute() != null) {
        enableTimeToLive(client, table);
      }
    }
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
