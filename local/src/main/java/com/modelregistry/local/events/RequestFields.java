package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.aws.AwsServiceError;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads members of an awsJson request. A member of the wrong JSON type is a {@code SerializationException},
 * as AWS answers when a request does not fit the operation's shapes.
 */
final class RequestFields {

  private RequestFields() {}

  /** A string member, or null when absent or null. */
  static String text(JsonNode owner, String member) {
    JsonNode value = owner.get(member);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new AwsServiceError("SerializationException", member + " must be a string, got " + value.getNodeType());
    }
    return value.asText();
  }

  static boolean bool(JsonNode owner, String member) {
    JsonNode value = owner.get(member);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new AwsServiceError("SerializationException", member + " must be a boolean, got " + value.getNodeType());
    }
    return value.asBoolean();
  }

  /** A list member (empty when absent). */
  static List<JsonNode> list(JsonNode owner, String member) {
    JsonNode value = owner.get(member);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new AwsServiceError("SerializationException", member + " must be a list, got " + value.getNodeType());
    }
    List<JsonNode> elements = new ArrayList<>();
    value.forEach(elements::add);
    return elements;
  }

  /** A list of strings (empty when absent). */
  static List<String> texts(JsonNode owner, String member) {
    List<String> texts = new ArrayList<>();
    for (JsonNode element : list(owner, member)) {
      if (!element.isTextual()) {
        throw new AwsServiceError("SerializationException", member + " must be a list of strings");
      }
      texts.add(element.asText());
    }
    return texts;
  }

  /** {@code 1 validation error detected: Value null at 'x' failed to satisfy constraint: Member must not be null}. */
  static AwsServiceError missing(String field) {
    return new AwsServiceError("ValidationException",
        "1 validation error detected: Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
  }
}
