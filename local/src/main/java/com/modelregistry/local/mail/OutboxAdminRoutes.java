package com.modelregistry.local.mail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.http.AdminResponse;
import com.modelregistry.local.http.LocalAdminRoute;
import java.util.List;

/**
 * {@code GET /_local/outbox?to=&limit=}: the outbox as JSON, {@code {"messages":[...]}}, newest first;
 * {@code GET /_local/outbox.html?to=&limit=}: the same as a page for a browser.
 */
final class OutboxAdminRoutes {

  private OutboxAdminRoutes() {}

  static List<LocalAdminRoute> of(Outbox outbox) {
    return List.of(
        LocalAdminRoute.of("outbox", query -> {
          ObjectNode body = JsonNodeFactory.instance.objectNode();
          ArrayNode messages = body.putArray("messages");
          outbox.newestFirst(LocalAdminRoute.param(query, "to"), LocalAdminRoute.limit(query))
              .forEach(message -> messages.add(message.toJson()));
          return AdminResponse.json(body);
        }),
        LocalAdminRoute.of("outbox.html", query -> AdminResponse.html(OutboxPage.render(
            outbox.newestFirst(LocalAdminRoute.param(query, "to"), LocalAdminRoute.limit(query))))));
  }
}
