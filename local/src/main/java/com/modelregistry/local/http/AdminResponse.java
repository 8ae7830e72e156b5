package com.modelregistry.local.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a {@link LocalAdminRoute} answers: always 200, a content type, extra headers and the body. */
public record AdminResponse(String contentType, Map<String, String> headers, byte[] body) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * For pages that show content from elsewhere (mail bodies): nothing but inline styles, sandboxed frames
   * and images may load, and a clicked link does not carry the page's URL (which may hold {@code ?token=}).
   */
  private static final Map<String, String> HTML_HEADERS = Map.of(
      "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src * data:; frame-src 'self'",
      "Referrer-Policy", "no-referrer",
      "X-Content-Type-Options", "nosniff",
      "Cache-Control", "no-store");

  public AdminResponse {
    headers = Map.copyOf(headers);
  }

  public static AdminResponse json(JsonNode body) {
    try {
      return new AdminResponse("application/json", Map.of("Cache-Control", "no-store"), JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static AdminResponse html(String page) {
    return new AdminResponse("text/html; charset=utf-8", HTML_HEADERS, page.getBytes(StandardCharsets.UTF_8));
  }
}
