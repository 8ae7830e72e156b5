package com.modelregistry.core.port;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.core.RegistryException;
import java.util.Base64;
import java.util.Map;

/**
 * Opaque page tokens: a store's continuation position (string keys and values) as URL-safe base64 of
 * JSON, tagged with the listing it belongs to so a token can't be replayed against another listing.
 */
public final class PageTokens {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

  private PageTokens() {}

  public static String encode(String listing, Map<String, String> position) {
    try {
      Map<String, Object> token = Map.of("l", listing, "p", position);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(token));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The position encoded in the token; INVALID_ARGUMENT if it is malformed or from another listing. */
  public static Map<String, String> decode(String listing, String token) {
    try {
      Map<String, Object> decoded = JSON.readValue(Base64.getUrlDecoder().decode(token), new TypeReference<>() {});
      if (decoded != null && listing.equals(decoded.get("l")) && decoded.get("p") instanceof Map<?, ?>) {
        return JSON.convertValue(decoded.get("p"), MAP);
      }
    } catch (IllegalArgumentException | java.io.IOException e) {
      // fall through to the client error
    }
    throw RegistryException.invalid("pageToken is not valid for this listing: pass the nextPageToken of the previous "
        + "page unchanged, or omit it to start over");
  }
}
