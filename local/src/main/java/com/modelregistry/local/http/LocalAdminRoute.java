package com.modelregistry.local.http;

import java.util.Map;
import java.util.function.Function;

/**
 * A read-only view the runtime itself serves on the API port at {@code GET /_local/<path>}, for admins
 * only (the local event log, the mail outbox). The API's functions never see these requests.
 */
public interface LocalAdminRoute {

  /** The part after {@code /_local/}, e.g. {@code events} or {@code outbox.html}. */
  String path();

  /**
   * Answers a GET.
   *
   * @param query the decoded query parameters (first value of each), without {@code token}
   * @throws IllegalArgumentException for a bad parameter: answered 400 INVALID_ARGUMENT with its message
   */
  AdminResponse get(Map<String, String> query);

  /** The route at {@code path} that answers with {@code answer}. */
  static LocalAdminRoute of(String path, Function<Map<String, String>, AdminResponse> answer) {
    return new LocalAdminRoute() {
      @Override
      public String path() {
        return path;
      }

      @Override
      public AdminResponse get(Map<String, String> query) {
        return answer.apply(query);
      }
    };
  }

  /** A query parameter; null when absent, empty or blank (no filter). */
  static String param(Map<String, String> query, String name) {
    String value = query.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** {@code ?limit=}: 1 to 10000, default 100. */
  static int limit(Map<String, String> query) {
    String text = query.get("limit");
    if (text == null || text.isEmpty()) {
      return 100;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= 10_000) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("limit must be a whole number from 1 to 10000, got '" + text + "'");
  }
}
