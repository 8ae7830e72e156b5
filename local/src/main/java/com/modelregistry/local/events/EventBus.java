package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * An event bus: {@code default}, one from the template, or one made with CreateEventBus.
 *
 * @param fromTemplate true for the default bus and the template's buses (recreated at every start)
 */
record EventBus(String name, String description, Instant creationTime, boolean fromTemplate) {

  String arn() {
    return EventBridgeNames.busArn(name);
  }

  /** AWS's {@code EventBus} / DescribeEventBus shape; times as epoch seconds, as awsJson sends timestamps. */
  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("Name", name);
    json.put("Arn", arn());
    if (description != null) {
      json.put("Description", description);
    }
    json.put("CreationTime", creationTime.toEpochMilli() / 1000.0);
    json.put("LastModifiedTime", creationTime.toEpochMilli() / 1000.0);
    return json;
  }
}
