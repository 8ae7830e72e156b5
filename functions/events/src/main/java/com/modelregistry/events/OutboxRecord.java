package com.modelregistry.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One EVENT# item of the table's stream, as Lambda delivers it ({@code Records[].dynamodb.NewImage} in
 * DynamoDB JSON): the event's detail-type and detail (a JSON string written by the registry) and the
 * record's sequence number, which {@code batchItemFailures} names.
 *
 * @param at when the change was recorded (the detail's {@code at}), or null; becomes the event's time
 */
record OutboxRecord(String sequenceNumber, String eventId, String source, String detailType, String detail, Instant at) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The records of a stream batch, in order; a record that is not an outbox event is skipped (logged). */
  static List<OutboxRecord> allOf(Map<String, Object> batch, System.Logger log) {
    List<OutboxRecord> records = new ArrayList<>();
    Object list = batch == null ? null : batch.get("Records");
    if (!(list instanceof List<?> items)) {
      return records;
    }
    for (Object item : items) {
      OutboxRecord record = parse(item);
      if (record == null) {
        log.log(System.Logger.Level.WARNING, "skipping a stream record that is not an outbox event: " + describe(item));
      } else {
        records.add(record);
      }
    }
    return records;
  }

  private static OutboxRecord parse(Object item) {
    Map<?, ?> dynamodb = map(map(item).get("dynamodb"));
    Map<?, ?> image = map(dynamodb.get("NewImage"));
    String sequence = text(dynamodb.get("SequenceNumber"));
    String detailType = string(image, "detailType");
    String detail = string(image, "detail");
    JsonNode parsed = detail == null ? null : parse(detail);
    if (sequence == null || detailType == null || parsed == null || !parsed.isObject()) {
      return null; // EventBridge would refuse it forever: retrying would only stop the shard
    }
    return new OutboxRecord(sequence, string(image, "eventId"), string(image, "source"), detailType, detail,
        instant(parsed.path("at").asText(null)));
  }

  private static JsonNode parse(String detail) {
    try {
      return JSON.readTree(detail);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String string(Map<?, ?> image, String attribute) {
    return text(map(image.get(attribute)).get("S"));
  }

  private static Map<?, ?> map(Object value) {
    return value instanceof Map<?, ?> m ? m : Map.of();
  }

  private static String text(Object value) {
    return value instanceof String s && !s.isEmpty() ? s : null;
  }

  private static String describe(Object item) {
    Map<?, ?> record = map(item);
    return "eventID=" + record.get("eventID") + " eventName=" + record.get("eventName") + " keys="
        + map(record.get("dynamodb")).get("Keys");
  }
}
