package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.aws.AwsServiceError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * PutEvents: checks the request as EventBridge does, then for each good entry builds the event, logs it
 * with the rules it matches on its bus and queues one delivery per target of those rules.
 */
final class EventPublisher {

  /**
   * The request limit on the sum of the entries' sizes ({@link PutEventsEntry#size()}), inclusive. This
   * is the 256 KB limit the project designs for; AWS raised its own limit to 1 MB in January 2026.
   */
  static final int MAX_REQUEST_BYTES = 256 * 1024;

  static final int MAX_ENTRIES = 10;

  private final EventBusRegistry registry;
  private final EventLog log;
  private final TargetDispatcher dispatcher;
  private final Clock clock;

  EventPublisher(EventBusRegistry registry, EventLog log, TargetDispatcher dispatcher, Clock clock) {
    this.registry = registry;
    this.log = log;
    this.dispatcher = dispatcher;
    this.clock = clock;
  }

  /** {@code {"FailedEntryCount": n, "Entries": [{"EventId"} | {"ErrorCode", "ErrorMessage"}]}}, in request order. */
  ObjectNode putEvents(JsonNode request) {
    JsonNode entryNodes = request.get("Entries");
    if (entryNodes == null || entryNodes.isNull()) {
      throw RequestFields.missing("entries");
    }
    List<JsonNode> nodes = RequestFields.list(request, "Entries");
    if (nodes.isEmpty() || nodes.size() > MAX_ENTRIES) {
      throw new AwsServiceError("ValidationException", "1 validation error detected: Value at 'entries' failed to "
          + "satisfy constraint: Member must have length " + (nodes.isEmpty() ? "greater than or equal to 1"
          : "less than or equal to " + MAX_ENTRIES));
    }
    List<PutEventsEntry> entries = new ArrayList<>();
    int size = 0;
    for (JsonNode node : nodes) {
      PutEventsEntry entry = PutEventsEntry.read(node);
      entries.add(entry);
      size += entry.size();
    }
    if (size > MAX_REQUEST_BYTES) {
      throw new AwsServiceError("ValidationException", "Total size of the entries in the request is over the limit.");
    }
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    response.put("FailedEntryCount", 0);
    ArrayNode results = response.putArray("Entries");
    int failed = 0;
    for (PutEventsEntry entry : entries) {
      ObjectNode result = publish(entry);
      if (result.has("ErrorCode")) {
        failed++;
      }
      results.add(result);
    }
    response.put("FailedEntryCount", failed);
    return response;
  }

  private ObjectNode publish(PutEventsEntry entry) {
    ObjectNode problem = entry.problem();
    if (problem != null) {
      return problem;
    }
    String bus;
    try {
      bus = EventBridgeNames.busName(entry.eventBusName(), "eventBusName");
    } catch (AwsServiceError e) {
      ObjectNode error = JsonNodeFactory.instance.objectNode();
      error.put("ErrorCode", e.errorType());
      error.put("ErrorMessage", e.getMessage());
      return error;
    }
    String id = UUID.randomUUID().toString();
    ObjectNode event = entry.toEvent(id, clock.instant());
    // Like EventBridge, an event for a bus that does not exist is accepted (it gets an id) and dropped.
    boolean busExists = registry.bus(bus).isPresent();
    List<EventRule> matched = registry.matchingRules(bus, event);
    log.recordEvent(event, bus, busExists, matched);
    for (EventRule rule : matched) {
      for (EventTarget target : rule.targets().values()) {
        dispatcher.dispatch(new Delivery(id, rule, target, event));
      }
    }
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("EventId", id);
    return result;
  }
}
