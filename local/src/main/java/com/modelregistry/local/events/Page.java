package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.aws.AwsServiceError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** One page of a List* operation: {@code Limit} (1–100, default all) and an opaque {@code NextToken}. */
record Page<T>(List<T> items, String nextToken) {

  static <T> Page<T> of(List<T> all, JsonNode request) {
    int start = 0;
    String token = RequestFields.text(request, "NextToken");
    if (token != null) {
      try {
        String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        start = Integer.parseInt(decoded.substring(decoded.indexOf(':') + 1));
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new AwsServiceError("ValidationException", "The NextToken " + token + " is not valid.");
      }
      if (start < 0 || start > all.size()) {
        throw new AwsServiceError("ValidationException", "The NextToken " + token + " is not valid.");
      }
    }
    int limit = all.size();
    JsonNode limitNode = request.get("Limit");
    if (limitNode != null && !limitNode.isNull()) {
      if (!limitNode.canConvertToInt() || limitNode.asInt() < 1 || limitNode.asInt() > 100) {
        throw new AwsServiceError("ValidationException", "1 validation error detected: Value '" + limitNode.asText()
            + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100");
      }
      limit = limitNode.asInt();
    }
    int end = Math.min(all.size(), start + limit);
    String next = end < all.size()
        ? Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8))
        : null;
    return new Page<>(all.subList(start, end), next);
  }
}
