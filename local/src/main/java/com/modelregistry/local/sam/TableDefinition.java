package com.modelregistry.local.sam;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * An {@code AWS::DynamoDB::Table} of the template; its local name is its logical id.
 *
 * @param ttlAttribute the attribute of an enabled TimeToLiveSpecification, or null
 */
public record TableDefinition(
    String name,
    List<KeySchemaElement> keySchema,
    List<AttributeDefinition> attributeDefinitions,
    List<GlobalSecondaryIndex> globalSecondaryIndexes,
    String ttlAttribute) {

  public TableDefinition {
    keySchema = List.copyOf(keySchema);
    attributeDefinitions = List.copyOf(attributeDefinitions);
    globalSecondaryIndexes = List.copyOf(globalSecondaryIndexes);
  }
}
