package com.modelregistry.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.modelregistry.local.aws.AwsServiceError;

/** Typed access to an API request's members, failing with AWS's {@code ValidationException} wording. */
final class Request {

  private final JsonNode body;

  Request(JsonNode body) {
    this.body = body == null || body.isNull() ? MissingNode.getInstance() : body;
  }

  String requiredString(String member) {
    String value = string(member);
    if (value == null) {
      throw validation("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
    }
    return value;
  }

  String string(String member) {
    JsonNode value = body.get(member);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new AwsServiceError("SerializationException", "'" + member + "' must be a string");
    }
    return value.textValue();
  }

  String string(String member, int maxLength) {
    String value = string(member);
    if (value != null && value.length() > maxLength) {
      throw validation("Value at '" + member + "' failed to satisfy constraint: Member must have length less than or equal to "
          + maxLength);
    }
    return value;
  }

  boolean bool(String member, boolean defaultValue) {
    JsonNode value = body.get(member);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.isBoolean()) {
      throw new AwsServiceError("SerializationException", "'" + member + "' must be a boolean");
    }
    return value.booleanValue();
  }

  /** {@code maxResults}: 0 to 1000, where 0 (or absent) means the default of 100. */
  int maxResults() {
    JsonNode value = body.get("maxResults");
    if (value == null || value.isNull()) {
      return 100;
    }
    if (!value.canConvertToInt() || value.intValue() < 0 || value.intValue() > 1000) {
      throw validation("Value '" + value + "' at 'maxResults' failed to satisfy constraint: Member must have value"
          + " less than or equal to 1000 and greater than or equal to 0");
    }
    return value.intValue() == 0 ? 100 : value.intValue();
  }

  JsonNode node(String member) {
    JsonNode value = body.get(member);
    return value == null || value.isNull() ? null : value;
  }

  static AwsServiceError validation(String message) {
    return new AwsServiceError("ValidationException", "1 validation error detected: " + message);
  }
}
