package com.modelregistry.local.sam;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * An {@code AWS::DynamoDB::Table} of the template; its local name is its logical id.
 *
 * @param ttlAttribute the attribute of an enabled TimeToLiveSpecification, or null
 * @param streamViewType the {@code StreamSpecification}'s StreamViewType ({@code KEYS_ONLY}, {@code NEW_IMAGE},
 *     {@code OLD_IMAGE} or {@code NEW_AND_OLD_IMAGES}), or null when the table has no stream
 */
public record TableDefinition(
    String name,
    List<KeySchemaElement> keySchema,
    List<AttributeDefinition> attributeDefinitions,
    List<GlobalSecondaryIndex> globalSecondaryIndexes,
    String ttlAttribute,
    String streamViewType) {

  public TableDefinition {
    keySchema = List.copyOf(keySchema);
    attributeDefinitions = List.copyOf(attributeDefinitions);
    globalSecondaryIndexes = List.copyOf(globalSecondaryIndexes);
  }

  public boolean hasStream() {
    return streamViewType != null;
  }
}
