package com.modelregistry.local.streams;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a function's answer to a batch means, with {@code ReportBatchItemFailures}, as Lambda reads it: no
 * answer, no {@code batchItemFailures} or an empty list is a success; otherwise the records from the lowest
 * failed sequence number on are retried. An item without an {@code itemIdentifier}, with an empty one, or with
 * one that is not in the batch fails the whole batch.
 *
 * @param firstFailed the index in the batch of the first record to retry; {@code -1} when all succeeded
 * @param problem why the whole batch failed when the answer is unusable, else null
 */
record BatchResponse(int firstFailed, String problem) {

  static final BatchResponse SUCCESS = new BatchResponse(-1, null);

  boolean succeeded() {
    return firstFailed < 0;
  }

  /**
   * @param response what the function returned (null or JSON null for nothing)
   * @param sequenceNumbers the batch's records' sequence numbers, in the order they were sent
   */
  static BatchResponse of(JsonNode response, List<String> sequenceNumbers) {
    if (response == null || !response.isObject()) {
      return SUCCESS;
    }
    JsonNode failures = response.get("batchItemFailures");
    if (failures == null || failures.isNull()) {
      return SUCCESS;
    }
    if (!failures.isArray()) {
      return failedWhole("batchItemFailures is not a list");
    }
    int first = Integer.MAX_VALUE;
    for (JsonNode failure : failures) {
      JsonNode identifier = failure.get("itemIdentifier");
      if (identifier == null || !identifier.isTextual() || identifier.asText().isEmpty()) {
        return failedWhole("a batchItemFailures entry has no itemIdentifier: " + failure);
      }
      int index = sequenceNumbers.indexOf(identifier.asText());
      if (index < 0) {
        return failedWhole("itemIdentifier " + identifier.asText() + " is not in the batch");
      }
      first = Math.min(first, index);
    }
    return first == Integer.MAX_VALUE ? SUCCESS : new BatchResponse(first, null);
  }

  private static BatchResponse failedWhole(String problem) {
    return new BatchResponse(0, problem);
  }
}
