package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A rule's target as PutTargets (or the template) gave it: {@code definition} is AWS's {@code Target}
 * shape, kept whole so that ListTargetsByRule answers with exactly what was put.
 */
record EventTarget(String id, String arn, ObjectNode definition) {

  EventTarget {
    definition = definition.deepCopy();
  }

  /** The constant JSON text to deliver instead of the event, or null. */
  String input() {
    return text("Input");
  }

  /** The JSONPath of the part of the event to deliver, or null. */
  String inputPath() {
    return text("InputPath");
  }

  /** {@code HttpParameters} (PathParameterValues, HeaderParameters, QueryStringParameters), or null. */
  JsonNode httpParameters() {
    JsonNode parameters = definition.get("HttpParameters");
    return parameters == null || parameters.isNull() ? null : parameters;
  }

  private String text(String field) {
    JsonNode value = definition.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
