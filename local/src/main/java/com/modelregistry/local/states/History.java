package com.modelregistry.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.states.asl.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An execution's history as GetExecutionHistory returns it: events numbered from 1, each with
 * {@code timestamp}, {@code type}, {@code id}, {@code previousEventId} and its {@code *EventDetails}.
 * As AWS records it, {@code previousEventId} is the id of the event before, except for
 * {@code ExecutionStarted} and the first state's entry, which have 0.
 */
final class History {

  private final List<ObjectNode> events = new ArrayList<>();

  static History fromJson(JsonNode json) {
    History history = new History();
    json.forEach(event -> history.events.add((ObjectNode) event));
    return history;
  }

  JsonNode toJson() {
    ArrayNode array = Json.MAPPER.createArrayNode();
    events.forEach(array::add);
    return array;
  }

  /** Adds an event; {@code detailsField} and {@code details} may be null (events without details). */
  long add(String type, Instant time, String detailsField, ObjectNode details) {
    long id = events.size() + 1;
    long previous = events.isEmpty() ? 0 : id - 1;
    if (type.endsWith("StateEntered") && events.size() == 1) {
      previous = 0;
    }
    ObjectNode event = Json.object();
    event.set("timestamp", ApiJson.epochSeconds(time));
    event.put("type", type);
    event.put("id", id);
    event.put("previousEventId", previous);
    if (detailsField != null) {
      event.set(detailsField, details);
    }
    events.add(event);
    return id;
  }

  List<ObjectNode> events() {
    return events;
  }

  /** {@code {"output": "...", "outputDetails": {"truncated": false}}}-style details for execution data. */
  static ObjectNode data(ObjectNode details, String field, JsonNode value) {
    details.put(field, Json.write(value));
    details.putObject(field + "Details").put("truncated", false);
    return details;
  }
}
