package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.aws.JsonLinesFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Deliveries that failed for good (after the retries, or at once when retrying can't help), with the
 * input the target should have received, in {@code <data-dir>/events/dead-letters.jsonl}: the local
 * stand-in for a target's dead-letter queue.
 */
final class DeadLetters {

  private final JsonLinesFile file;

  DeadLetters(Path file) {
    this.file = new JsonLinesFile(file);
  }

  Path path() {
    return file.path();
  }

  void record(Delivery delivery, JsonNode input, int attempts, String error, Instant time) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("time", time.toString());
    record.put("eventId", delivery.eventId());
    record.put("bus", delivery.rule().busName());
    record.put("rule", delivery.rule().name());
    record.put("target", delivery.target().id());
    record.put("arn", delivery.target().arn());
    record.put("attempts", attempts);
    record.put("error", error);
    record.set("input", input);
    file.append(record);
  }

  /** The newest {@code limit} dead letters, newest last. */
  List<ObjectNode> newest(int limit) {
    List<ObjectNode> all = file.readAll();
    return all.subList(Math.max(0, all.size() - limit), all.size());
  }
}
