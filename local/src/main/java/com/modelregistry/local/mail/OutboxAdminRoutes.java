package com.modelregistry.local.mail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.http.AdminResponse;
import com.modelregistry.local.http.LocalAdminRoute;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /_local/outbox?to=&limit=}: the outbox as JSON, {@code {"messages":[...]}}, newest first;
 * {@code GET /_local/outbox.html?to=&limit=}: the same as a page for a browser.
 */
final class OutboxAdminRoutes {

  private OutboxAdminRoutes() {}

  static List<LocalAdminRoute> of(Outbox outbox) {
    return List.of(new Json(outbox), new Page(outbox));
  }

  private record Json(Outbox outbox) implements LocalAdminRoute {
    @Override
    public String path() {
      return "outbox";
    }

    @Override
    public AdminResponse get(Map<String, String> query) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      ArrayNode messages = body.putArray("messages");
      outbox.newestFirst(recipient(query), LocalAdminRoute.limit(query)).forEach(message -> messages.add(message.toJson()));
      return AdminResponse.json(body);
    }
  }

  private record Page(Outbox outbox) implements LocalAdminRoute {
    @Override
    public String path() {
      return "outbox.html";
    }

    @Override
    public AdminResponse get(Map<String, String> query) {
      return AdminResponse.html(OutboxPage.render(outbox.newestFirst(recipient(query), LocalAdminRoute.limit(query))));
    }
  }

  private static String recipient(Map<String, String> query) {
    String to = query.get("to");
    return to == null || to.isBlank() ? null : to;
  }

}
