package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.aws.JsonLinesFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every event put on the local EventBridge, with its bus, the rules it matched and how each delivery ended,
 * in {@code <data-dir>/events/events.jsonl}: an {@code event} line when the event is put, a
 * {@code delivery} line when a target's delivery ends.
 */
final class EventLog {

  private final JsonLinesFile file;

  EventLog(Path file) {
    this.file = new JsonLinesFile(file);
  }

  Path path() {
    return file.path();
  }

  void recordEvent(JsonNode event, String bus, boolean busExists, List<EventRule> matchedRules) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("record", "event");
    record.put("id", event.path("id").asText());
    record.put("time", event.path("time").asText());
    record.put("bus", bus);
    record.put("busExists", busExists);
    record.set("event", event);
    ArrayNode rules = record.putArray("rules");
    matchedRules.forEach(rule -> rules.add(rule.name()));
    file.append(record);
  }

  void recordDelivery(Delivery delivery, String outcome, int attempts, String error, Instant time) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("record", "delivery");
    record.put("eventId", delivery.eventId());
    record.put("time", time.toString());
    record.put("rule", delivery.rule().name());
    record.put("target", delivery.target().id());
    record.put("arn", delivery.target().arn());
    record.put("outcome", outcome);
    record.put("attempts", attempts);
    if (error != null) {
      record.put("error", error);
    }
    file.append(record);
  }

  /**
   * The events matching the filters (null: any), newest last, at most {@code limit} of the newest:
   * {@code {id, time, source, detailType, detail, bus, resources, rules, deliveries}}.
   */
  List<ObjectNode> query(String source, String detailType, String bus, int limit) {
    Deque<ObjectNode> newest = new ArrayDeque<>();
    Map<String, ArrayNode> deliveriesByEvent = new LinkedHashMap<>();
    for (ObjectNode record : file.readAll()) {
      if (record.path("record").asText().equals("delivery")) {
        deliveriesByEvent.computeIfAbsent(record.path("eventId").asText(),
            id -> JsonNodeFactory.instance.arrayNode()).add(delivery(record));
        continue;
      }
      JsonNode event = record.path("event");
      if ((source != null && !source.equals(event.path("source").asText()))
          || (detailType != null && !detailType.equals(event.path("detail-type").asText()))
          || (bus != null && !bus.equals(record.path("bus").asText()))) {
        continue;
      }
      newest.addLast(summary(record));
      if (newest.size() > limit) {
        newest.removeFirst();
      }
    }
    List<ObjectNode> events = new ArrayList<>(newest);
    events.forEach(event -> event.set("deliveries",
        deliveriesByEvent.getOrDefault(event.path("id").asText(), JsonNodeFactory.instance.arrayNode())));
    return events;
  }

  private static ObjectNode summary(ObjectNode record) {
    JsonNode event = record.path("event");
    ObjectNode summary = JsonNodeFactory.instance.objectNode();
    summary.put("id", record.path("id").asText());
    summary.put("time", record.path("time").asText());
    summary.put("source", event.path("source").asText());
    summary.put("detailType", event.path("detail-type").asText());
    summary.set("detail", event.path("detail"));
    summary.put("bus", record.path("bus").asText());
    summary.set("resources", event.path("resources"));
    summary.set("rules", record.path("rules"));
    if (!record.path("busExists").asBoolean(true)) {
      summary.put("note", "event bus " + record.path("bus").asText()
          + " does not exist: EventBridge accepts such an event and drops it");
    }
    return summary;
  }

  private static ObjectNode delivery(ObjectNode record) {
    ObjectNode delivery = record.deepCopy();
    delivery.remove("record");
    delivery.remove("eventId");
    return delivery;
  }
}
