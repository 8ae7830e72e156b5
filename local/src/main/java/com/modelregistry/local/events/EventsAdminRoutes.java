package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.http.AdminResponse;
import com.modelregistry.local.http.LocalAdminRoute;
import java.util.List;

/**
 * {@code GET /_local/events?source=&detailType=&bus=&limit=}: the event log, newest last; and
 * {@code GET /_local/dead-letters?limit=}: deliveries that failed for good, newest last.
 */
final class EventsAdminRoutes {

  private EventsAdminRoutes() {}

  static List<LocalAdminRoute> of(EventLog log, DeadLetters deadLetters) {
    return List.of(
        LocalAdminRoute.of("events", query -> {
          ObjectNode body = JsonNodeFactory.instance.objectNode();
          ArrayNode events = body.putArray("events");
          log.query(LocalAdminRoute.param(query, "source"), LocalAdminRoute.param(query, "detailType"),
              LocalAdminRoute.param(query, "bus"), LocalAdminRoute.limit(query)).forEach(events::add);
          return AdminResponse.json(body);
        }),
        LocalAdminRoute.of("dead-letters", query -> {
          ObjectNode body = JsonNodeFactory.instance.objectNode();
          ArrayNode list = body.putArray("deadLetters");
          deadLetters.newest(LocalAdminRoute.limit(query)).forEach(list::add);
          return AdminResponse.json(body);
        }));
  }
}
