package com.modelregistry.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.sam.LocalStack;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One entry of a PutEvents request, read and checked the way EventBridge does it: Source, DetailType and
 * Detail are required ({@code InvalidArgument}), Detail must be a JSON object ({@code MalformedDetail}).
 */
final class PutEventsEntry {

  /** Strict: text after the JSON value makes it invalid, as for AWS's parsers. */
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String source;
  private final String detailType;
  private final String detail;
  private final List<String> resources;
  private final String eventBusName;
  private final JsonNode time;

  private PutEventsEntry(JsonNode entry) {
    if (!entry.isObject()) {
      throw new AwsServiceError("SerializationException", "each of Entries must be an object");
    }
    this.source = RequestFields.text(entry, "Source");
    this.detailType = RequestFields.text(entry, "DetailType");
    this.detail = RequestFields.text(entry, "Detail");
    this.resources = RequestFields.texts(entry, "Resources");
    this.eventBusName = RequestFields.text(entry, "EventBusName");
    this.time = entry.get("Time");
  }

  /** @throws AwsServiceError SerializationException when a member has the wrong JSON type */
  static PutEventsEntry read(JsonNode entry) {
    return new PutEventsEntry(entry);
  }

  /**
   * The entry's size as EventBridge counts it against the request limit: Time 14 bytes if given, plus the
   * UTF-8 bytes of Source, DetailType, Detail and each of Resources.
   */
  int size() {
    int size = time != null && !time.isNull() ? 14 : 0;
    size += utf8Length(source) + utf8Length(detailType) + utf8Length(detail);
    for (String resource : resources) {
      size += utf8Length(resource);
    }
    return size;
  }

  /** The per-entry error ({@code {ErrorCode, ErrorMessage}}) EventBridge answers for this entry, or null. */
  ObjectNode problem() {
    if (source == null || source.isEmpty()) {
      return invalidArgument("Source");
    }
    if (detailType == null || detailType.isEmpty()) {
      return invalidArgument("DetailType");
    }
    if (detail == null || detail.isEmpty()) {
      return invalidArgument("Detail");
    }
    if (parsedDetail() == null) {
      return error("MalformedDetail", "Detail is malformed.");
    }
    return null;
  }

  String eventBusName() {
    return eventBusName;
  }

  /**
   * The event as EventBridge delivers it to targets (and matches it against patterns):
   * {@code version, id, detail-type, source, account, time, region, resources, detail}.
   */
  ObjectNode toEvent(String id, Instant now) {
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "0");
    event.put("id", id);
    event.put("detail-type", detailType);
    event.put("source", source);
    event.put("account", LocalStack.ACCOUNT_ID);
    event.put("time", eventTime(now).truncatedTo(ChronoUnit.SECONDS).toString());
    event.put("region", LocalStack.REGION);
    ArrayNode resourceList = event.putArray("resources");
    resources.forEach(resourceList::add);
    event.set("detail", parsedDetail());
    return event;
  }

  /** Time as given (epoch seconds, as the SDK and CLI send it, or an ISO-8601 string), else now. */
  private Instant eventTime(Instant now) {
    if (time == null || time.isNull()) {
      return now;
    }
    try {
      if (time.isNumber()) {
        BigDecimal seconds = time.decimalValue();
        return Instant.ofEpochSecond(seconds.longValue(),
            seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
      }
      return Instant.parse(time.asText());
    } catch (DateTimeParseException | ArithmeticException e) {
      return now;
    }
  }

  private ObjectNode parsedDetail() {
    try {
      JsonNode parsed = JSON.readTree(detail);
      return parsed instanceof ObjectNode object ? object : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static ObjectNode invalidArgument(String member) {
    return error("InvalidArgument", "Parameter " + member + " is not valid. Reason: " + member + " is a required argument.");
  }

  private static ObjectNode error(String code, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("ErrorCode", code);
    error.put("ErrorMessage", message);
    return error;
  }

  private static int utf8Length(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }
}
