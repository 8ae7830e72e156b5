package com.modelregistry.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.core.RegistryException;
import java.util.Map;

/** A task's input as the state machine sends it, with its fields checked. */
final class TaskInput {
  private static final int MAX_REASON = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Object> fields;

  TaskInput(Map<String, Object> fields) {
    if (fields == null) {
      throw RegistryException.invalid("the task input must be a JSON object");
    }
    this.fields = fields;
  }

  String string(String name) {
    Object value = fields.get(name);
    if (!(value instanceof String text) || text.isBlank()) {
      throw RegistryException.invalid("the task input needs the string field '" + name + "'");
    }
    return text;
  }

  int integer(String name) {
    Object value = fields.get(name);
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
      throw RegistryException.invalid("the task input needs the integer field '" + name + "'");
    }
    return number.intValue();
  }

  /**
   * The rollback's reason: {@code reason}, and the caught error's name and cause when the state machine
   * passes one ({@code error: {Error, Cause}}), shortened.
   */
  String reason() {
    StringBuilder reason = new StringBuilder(fields.get("reason") instanceof String text ? text : "");
    if (fields.get("error") instanceof Map<?, ?> error) {
      Object name = error.get("Error");
      Object cause = error.get("Cause");
      reason.append(reason.length() > 0 ? " (" : "(").append(name);
      if (cause instanceof String text && !text.isBlank()) {
        reason.append(": ").append(causeMessage(text));
      }
      reason.append(')');
    }
    String text = reason.toString();
    return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "…" : text;
  }

  /** Lambda's error Cause is JSON {"errorMessage": ..., "errorType": ..., "stackTrace": [...]}: keep the message. */
  private static String causeMessage(String cause) {
    try {
      JsonNode message = JSON.readTree(cause).path("errorMessage");
      return message.isTextual() ? message.asText() : cause;
    } catch (JsonProcessingException notJson) {
      return cause;
    }
  }
}
