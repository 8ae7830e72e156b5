package com.modelregistry.local.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A stream record as Lambda sends it in a DynamoDB event: every attribute type in DynamoDB JSON, and the
 * event deserialised into aws-lambda-java-events' {@code DynamodbEvent} the way Lambda's Java runtime does
 * it (aws-lambda-java-serialization's serializer for the class, not plain Jackson).
 */
class StreamRecordJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STREAM_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/ModelsTable/stream/2026-11-23T07:33:22.130";
  private static final Instant CREATED = Instant.parse("2026-11-23T10:15:00Z");

  private static final Map<String, AttributeValue> KEYS = Map.of("PK", AttributeValue.fromS("MODEL#fraud"),
      "SK", AttributeValue.fromS("EVENT#0001"));
  private static final Map<String, AttributeValue> IMAGE = Map.of(
      "PK", AttributeValue.fromS("MODEL#fraud"),
      "SK", AttributeValue.fromS("EVENT#0001"),
      "version", AttributeValue.fromN("3"),
      "digest", AttributeValue.fromB(SdkBytes.fromString("abc", StandardCharsets.UTF_8)),
      "tags", AttributeValue.fromSs(List.of("a", "b")),
      "scores", AttributeValue.fromNs(List.of("1", "2.5")),
      "blobs", AttributeValue.fromBs(List.of(SdkBytes.fromString("x", StandardCharsets.UTF_8))),
      "detail", AttributeValue.fromM(Map.of("list", AttributeValue.fromL(List.of(AttributeValue.fromS("s"),
          AttributeValue.fromBool(false), AttributeValue.fromNul(true)))))
  );

  private static Record record(StreamViewType viewType, Map<String, AttributeValue> oldImage, Identity identity) {
    StreamRecord.Builder stream = StreamRecord.builder().approximateCreationDateTime(CREATED).keys(KEYS)
        .sequenceNumber("000000000000000000042").sizeBytes(123L).streamViewType(viewType);
    if (viewType != StreamViewType.KEYS_ONLY && viewType != StreamViewType.OLD_IMAGE) {
      stream.newImage(IMAGE);
    }
    if (oldImage != null) {
      stream.oldImage(oldImage);
    }
    return Record.builder().eventID("c81e728d9d4c2f636f067f89cc14862c").eventName(OperationType.INSERT)
        .eventVersion("1.1").eventSource("aws:dynamodb").awsRegion("ddblocal").dynamodb(stream.build())
        .userIdentity(identity).build();
  }

  @Test
  void givenANewImageRecord_thenItsJsonIsLambdasWithEveryAttributeTypeInDynamoDbJson() throws Exception {
    ObjectNode json = StreamRecordJson.of(record(StreamViewType.NEW_IMAGE, null, null), STREAM_ARN);

    assertEquals(JSON.readTree("""
        {"eventID": "c81e728d9d4c2f636f067f89cc14862c", "eventName": "INSERT", "eventVersion": "1.1",
         "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
         "dynamodb": {
           "ApproximateCreationDateTime": %d,
           "Keys": {"PK": {"S": "MODEL#fraud"}, "SK": {"S": "EVENT#0001"}},
           "NewImage": {"PK": {"S": "MODEL#fraud"}, "SK": {"S": "EVENT#0001"}, "version": {"N": "3"},
             "digest": {"B": "YWJj"}, "tags": {"SS": ["a", "b"]}, "scores": {"NS": ["1", "2.5"]}, "blobs": {"BS": ["eA=="]},
             "detail": {"M": {"list": {"L": [{"S": "s"}, {"BOOL": false}, {"NULL": true}]}}}},
           "SequenceNumber": "000000000000000000042", "SizeBytes": 123, "StreamViewType": "NEW_IMAGE"},
         "eventSourceARN": "%s"}
        """.formatted(CREATED.getEpochSecond(), STREAM_ARN)), JSON.readTree(json.toString()));
    assertEquals(CREATED.getEpochSecond(), json.path("dynamodb").path("ApproximateCreationDateTime").longValue());
    assertEquals(true, json.path("dynamodb").path("ApproximateCreationDateTime").isIntegralNumber(), "epoch seconds, a number");
  }

  @Test
  void givenTheEvent_whenLambdasJavaRuntimeWouldDeserialiseIt_thenDynamodbEventHasEveryField() throws Exception {
    ObjectNode event = JSON.createObjectNode();
    event.putArray("Records").add(StreamRecordJson.of(record(StreamViewType.NEW_AND_OLD_IMAGES, KEYS,
        Identity.builder().type("Service").principalId("dynamodb.amazonaws.com").build()), STREAM_ARN));

    DynamodbEvent parsed = lambdaRuntimeSerializer().fromJson(JSON.writeValueAsString(event));

    DynamodbEvent.DynamodbStreamRecord record = parsed.getRecords().get(0);
    assertEquals("c81e728d9d4c2f636f067f89cc14862c", record.getEventID());
    assertEquals("INSERT", record.getEventName());
    assertEquals("1.1", record.getEventVersion());
    assertEquals("aws:dynamodb", record.getEventSource());
    assertEquals("us-east-1", record.getAwsRegion());
    assertEquals(STREAM_ARN, record.getEventSourceARN());
    assertEquals("Service", record.getUserIdentity().getType());
    assertEquals("dynamodb.amazonaws.com", record.getUserIdentity().getPrincipalId());
    var stream = record.getDynamodb();
    assertEquals(Date.from(CREATED), stream.getApproximateCreationDateTime());
    assertEquals("000000000000000000042", stream.getSequenceNumber());
    assertEquals(123L, stream.getSizeBytes());
    assertEquals("NEW_AND_OLD_IMAGES", stream.getStreamViewType());
    assertEquals("EVENT#0001", stream.getKeys().get("SK").getS());
    assertEquals("MODEL#fraud", stream.getOldImage().get("PK").getS());
    var image = stream.getNewImage();
    assertEquals("3", image.get("version").getN());
    assertEquals(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)), image.get("digest").getB());
    assertEquals(List.of("a", "b"), image.get("tags").getSS());
    assertEquals(List.of("1", "2.5"), image.get("scores").getNS());
    assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), image.get("blobs").getBS().get(0).array());
    var list = image.get("detail").getM().get("list").getL();
    assertEquals("s", list.get(0).getS());
    assertEquals(false, list.get(1).getBOOL());
    assertEquals(true, list.get(2).getNULL());
    assertNull(image.get("version").getS());
  }

  @Test
  void givenAKeysOnlyRecord_thenItHasNoImages() {
    JsonNode json = StreamRecordJson.of(record(StreamViewType.KEYS_ONLY, null, null), STREAM_ARN);
    assertEquals(List.of("ApproximateCreationDateTime", "Keys", "SequenceNumber", "SizeBytes", "StreamViewType"),
        iterate(json.path("dynamodb").fieldNames()));
  }

  /** What the runtime interface client does for an event class aws-lambda-java-serialization supports. */
  private static PojoSerializer<DynamodbEvent> lambdaRuntimeSerializer() {
    return LambdaEventSerializers.serializerFor(DynamodbEvent.class, StreamRecordJsonTest.class.getClassLoader());
  }

  private static List<String> iterate(java.util.Iterator<String> names) {
    List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }

  @Test
  void givenAValueWithoutType_thenItIsTheEmptyMapDynamoDbLocalsStreamsClientDropsTheTypeOf() throws Exception {
    assertEquals(JSON.readTree("{\"M\": {}}"), StreamRecordJson.value(AttributeValue.builder().build()));
    assertEquals(JSON.readTree("{\"L\": []}"), StreamRecordJson.value(AttributeValue.fromL(List.of())));
  }
}
