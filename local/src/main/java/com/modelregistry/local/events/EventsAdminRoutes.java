package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.http.AdminResponse;
import com.modelregistry.local.http.LocalAdminRoute;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /_local/events?source=&detailType=&bus=&limit=}: the event log, newest last; and
 * {@code GET /_local/dead-letters?limit=}: deliveries that failed for good, newest last.
 */
final class EventsAdminRoutes {

  private EventsAdminRoutes() {}

  static List<LocalAdminRoute> of(EventLog log, DeadLetters deadLetters) {
    return List.of(new Events(log), new DeadLetterList(deadLetters));
  }

  private record Events(EventLog log) implements LocalAdminRoute {
    @Override
    public String path() {
      return "events";
    }

    @Override
    public AdminResponse get(Map<String, String> query) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      ArrayNode events = body.putArray("events");
      log.query(emptyToNull(query.get("source")), emptyToNull(query.get("detailType")), emptyToNull(query.get("bus")),
          LocalAdminRoute.limit(query)).forEach(events::add);
      return AdminResponse.json(body);
    }
  }

  private record DeadLetterList(DeadLetters deadLetters) implements LocalAdminRoute {
    @Override
    public String path() {
      return "dead-letters";
    }

    @Override
    public AdminResponse get(Map<String, String> query) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      ArrayNode list = body.putArray("deadLetters");
      deadLetters.newest(LocalAdminRoute.limit(query)).forEach(list::add);
      return AdminResponse.json(body);
    }
  }
  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
