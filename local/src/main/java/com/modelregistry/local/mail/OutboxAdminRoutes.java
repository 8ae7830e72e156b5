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

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;

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
      outbox.newestFirst(recipient(query), limit(query)).forEach(message -> messages.add(message.toJson()));
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
      return AdminResponse.html(OutboxPage.render(outbox.newestFirst(recipient(query), limit(query))));
    }
  }

  private static String recipient(Map<String, String> query) {
    String to = query.get("to");
    return to == null || to.isBlank() ? null : to;
  }

  private static int limit(Map<String, String> query) {
    String text = query.get("limit");
    if (text == null || text.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + text + "'");
  }
}
