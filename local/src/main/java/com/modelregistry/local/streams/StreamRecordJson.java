package com.modelregistry.local.streams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.sam.LocalStack;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * A stream record as Lambda puts it into a DynamoDB event's {@code Records}: {@code eventID}, {@code eventName},
 * {@code eventVersion}, {@code eventSource}, {@code awsRegion}, {@code dynamodb} ({@code ApproximateCreationDateTime}
 * in epoch seconds, {@code Keys}, {@code NewImage}/{@code OldImage} as the view type has them,
 * {@code SequenceNumber}, {@code SizeBytes}, {@code StreamViewType}), {@code userIdentity} for deletions by TTL,
 * and {@code eventSourceARN}. Attribute values are DynamoDB JSON ({@code {"S": "x"}}, {@code {"N": "1"}},
 * {@code {"B": "<base64>"}}, {@code {"M": {...}}}, {@code {"L": [...]}}, {@code {"NULL": true}}, ...).
 */
final class StreamRecordJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private StreamRecordJson() {}

  /**
   * @param eventSourceArn the stream's ARN as the template gives it ({@code !GetAtt Table.StreamArn}); the region
   *     is the local deployment's ({@link LocalStack#REGION}), not DynamoDB Local's own
   */
  static ObjectNode of(Record record, String eventSourceArn) {
    ObjectNode json = JSON.objectNode();
    json.put("eventID", record.eventID());
    json.put("eventName", record.eventNameAsString());
    json.put("eventVersion", record.eventVersion());
    json.put("eventSource", record.eventSource());
    json.put("awsRegion", LocalStack.REGION);
    StreamRecord stream = record.dynamodb();
    ObjectNode dynamodb = json.putObject("dynamodb");
    if (stream.approximateCreationDateTime() != null) {
      dynamodb.put("ApproximateCreationDateTime", stream.approximateCreationDateTime().getEpochSecond());
    }
    if (stream.hasKeys()) {
      dynamodb.set("Keys", item(stream.keys()));
    }
    if (stream.hasNewImage()) {
      dynamodb.set("NewImage", item(stream.newImage()));
    }
    if (stream.hasOldImage()) {
      dynamodb.set("OldImage", item(stream.oldImage()));
    }
    dynamodb.put("SequenceNumber", stream.sequenceNumber());
    if (stream.sizeBytes() != null) {
      dynamodb.put("SizeBytes", stream.sizeBytes());
    }
    dynamodb.put("StreamViewType", stream.streamViewTypeAsString());
    if (record.userIdentity() != null) {
      json.putObject("userIdentity")
          .put("type", record.userIdentity().type())
          .put("principalId", record.userIdentity().principalId());
    }
    json.put("eventSourceARN", eventSourceArn);
    return json;
  }

  static ObjectNode item(Map<String, AttributeValue> attributes) {
    ObjectNode item = JSON.objectNode();
    attributes.forEach((name, value) -> item.set(name, value(value)));
    return item;
  }

  static ObjectNode value(AttributeValue value) {
    ObjectNode json = JSON.objectNode();
    switch (value.type()) {
      case S -> json.put("S", value.s());
      case N -> json.put("N", value.n());
      case B -> json.put("B", base64(value.b()));
      case SS -> strings(json.putArray("SS"), value.ss());
      case NS -> strings(json.putArray("NS"), value.ns());
      case BS -> {
        ArrayNode set = json.putArray("BS");
        value.bs().forEach(bytes -> set.add(base64(bytes)));
      }
      case M -> json.set("M", item(value.m()));
      case L -> {
        ArrayNode list = json.putArray("L");
        value.l().forEach(element -> list.add(value(element)));
      }
      case BOOL -> json.put("BOOL", value.bool());
      case NUL -> json.put("NULL", true);
      default -> {
        if (!isEmpty(value)) {
          throw new IllegalArgumentException("an attribute value of unknown type: " + value);
        }
        // DynamoDB Local 3.1.0's Streams client drops the type of an empty map: {"M": {}} arrives with
        // nothing set (an empty list keeps its "L"). Nothing else comes without a type.
        json.putObject("M");
      }
    }
    return json;
  }

  private static boolean isEmpty(AttributeValue value) {
    return value.s() == null && value.n() == null && value.b() == null && !value.hasSs() && !value.hasNs()
        && !value.hasBs() && !value.hasM() && !value.hasL() && value.bool() == null && value.nul() == null;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
  }
}
