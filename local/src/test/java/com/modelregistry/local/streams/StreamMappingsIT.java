package com.modelregistry.local.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.LocalRuntime;
import com.modelregistry.local.Options;
import com.modelregistry.local.lambda.LambdaFunctionError;
import com.modelregistry.local.sam.LocalStack;
import com.modelregistry.local.testing.Http;
import com.modelregistry.local.testing.TestTemplates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * A function's {@code Type: DynamoDB} event in a template, run by the local runtime: the table gets its stream,
 * {@code !GetAtt ModelsTable.StreamArn} names it, the function gets Lambda's DynamoDB event (deserialised into
 * {@code DynamodbEvent} as Lambda's Java runtime does), {@code GET /_local/streams} shows the mapping, and the
 * checkpoint carries over a restart; an old data directory's table gets its stream at start.
 */
class StreamMappingsIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The outbox relay's event as template.yaml declares it, for a test handler. */
  static final String RELAY_FUNCTION = """

        RelayFunction:
          Type: AWS::Serverless::Function
          Properties:
            CodeUri: functions/events
            Handler: %s
            Events:
              Outbox:
                Type: DynamoDB
                Properties:
                  Stream: !GetAtt ModelsTable.StreamArn
                  StartingPosition: TRIM_HORIZON
                  BatchSize: 100
                  MaximumBatchingWindowInSeconds: 0
                  MaximumRetryAttempts: -1
                  FunctionResponseTypes:
                    - ReportBatchItemFailures
                  FilterCriteria:
                    Filters:
                      - Pattern: '{"eventName": ["INSERT"], "dynamodb": {"Keys": {"SK": {"S": [{"prefix": "EVENT#"}]}}}}'
      """.formatted(RecordingDynamodbHandler.class.getName() + "::handleRequest");

  @TempDir Path dir;

  @Test
  void givenTheRelaysEventOnATemplateFunction_whenOutboxItemsCommit_thenItsHandlerGetsThemAsADynamodbEvent_andRetriesFailedItems()
      throws Exception {
    RecordingDynamodbHandler.RECEIVED.clear();
    try (LocalRuntime runtime = start(dir.resolve("data"), template("NEW_IMAGE", RELAY_FUNCTION), null)) {
      String streamArn = runtime.template().resolve(Map.of("Fn::GetAtt", List.of("ModelsTable", "StreamArn")));
      TableDescription table = runtime.dynamoDb().describeTable(request -> request.tableName("ModelsTable")).table();
      assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/ModelsTable/stream/" + table.latestStreamLabel(),
          streamArn, "!GetAtt ModelsTable.StreamArn names the stream the runtime made");

      Instant before = Instant.now().minusSeconds(120);
      runtime.dynamoDb().transactWriteItems(request -> request.transactItems(
          put(Map.of("PK", s("MODEL#fraud"), "SK", s("VERSION#0001"), "status", s("PENDING"))),
          put(Map.of("PK", s("MODEL#fraud"), "SK", s("EVENT#0001"), "detailType", s("VersionRegistered"),
              "failOnce", AttributeValue.fromBool(true))),
          put(Map.of("PK", s("MODEL#fraud"), "SK", s("EVENT#0002"), "detailType", s("VersionReady")))));
      runtime.dynamoDb().putItem(request -> request.tableName("ModelsTable")
          .item(Map.of("PK", s("MODEL#fraud"), "SK", s("META"))));

      awaitTrue(() -> RecordingDynamodbHandler.sortKeys().size() >= 4, () -> "a retry: " + RecordingDynamodbHandler.sortKeys());
      assertEquals(List.of("EVENT#0001", "EVENT#0002", "EVENT#0001", "EVENT#0002"), RecordingDynamodbHandler.sortKeys(),
          "EVENT#0001 failed first (batchItemFailures), so the batch was retried from it; the rest was filtered out");
      DynamodbEvent.DynamodbStreamRecord record = RecordingDynamodbHandler.RECEIVED.get(1).getRecords().get(0);
      assertEquals("INSERT", record.getEventName());
      assertEquals("aws:dynamodb", record.getEventSource());
      assertEquals("1.1", record.getEventVersion());
      assertEquals(LocalStack.REGION, record.getAwsRegion());
      assertEquals(streamArn, record.getEventSourceARN());
      assertEquals("NEW_IMAGE", record.getDynamodb().getStreamViewType());
      assertEquals("MODEL#fraud", record.getDynamodb().getKeys().get("PK").getS());
      assertEquals("VersionRegistered", record.getDynamodb().getNewImage().get("detailType").getS());
      assertEquals(null, record.getDynamodb().getOldImage());
      assertTrue(record.getDynamodb().getSizeBytes() > 0);
      Instant created = record.getDynamodb().getApproximateCreationDateTime().toInstant();
      assertTrue(created.isAfter(before) && created.isBefore(Instant.now().plusSeconds(60)), created.toString());

      String admin = runtime.principals().byName("admin").orElseThrow().token();
      JsonNode mapping = awaitAdminView(runtime, admin, view -> view.path("recordsSent").asInt() == 2);
      assertEquals("RelayFunction.Outbox", mapping.path("id").asText());
      assertEquals(streamArn, mapping.path("eventSourceArn").asText());
      assertEquals("record " + record.getDynamodb().getSequenceNumber() + " failed (batchItemFailures)",
          mapping.path("lastError").path("message").asText());
      assertEquals(1, mapping.path("shards").size(), mapping.toString());
      assertEquals(403, Http.send(Http.request(runtime.baseUrl() + "/_local/streams").header("Authorization",
          "Bearer " + runtime.principals().byName("reader").orElseThrow().token())).statusCode());
    }
  }

  @Test
  void givenAnInsertedItem_whenTheStreamIsRead_thenThePayloadIsExactlyLambdasDynamoDbEvent() throws Exception {
    ScriptedFunction function = new ScriptedFunction();
    try (LocalRuntime runtime = start(dir.resolve("data"), template("NEW_IMAGE", RELAY_FUNCTION), function)) {
      String streamArn = runtime.template().resolve(Map.of("Fn::GetAtt", List.of("ModelsTable", "StreamArn")));
      long before = Instant.now().getEpochSecond() - 120;
      runtime.dynamoDb().putItem(request -> request.tableName("ModelsTable").item(Map.of(
          "PK", s("MODEL#fraud"), "SK", s("EVENT#0001"), "seq", AttributeValue.fromN("7"),
          "detail", AttributeValue.fromM(Map.of("tags", AttributeValue.fromL(List.of(s("a"), AttributeValue.fromNul(true))))),
          "empty", AttributeValue.fromM(Map.of()), "none", AttributeValue.fromL(List.of()))));

      ScriptedFunction.Call call = function.awaitSortKey("EVENT#0001", WAIT).get(0);

      assertEquals("arn:aws:lambda:us-east-1:000000000000:function:model-registry-local-RelayFunction", call.function());
      assertEquals(List.of("Records"), fieldNames(call.payload()));
      ObjectNode record = (ObjectNode) call.payload().path("Records").get(0);
      assertEquals(List.of("eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb", "eventSourceARN"),
          fieldNames(record));
      ObjectNode dynamodb = (ObjectNode) record.get("dynamodb");
      assertEquals(List.of("ApproximateCreationDateTime", "Keys", "NewImage", "SequenceNumber", "SizeBytes", "StreamViewType"),
          fieldNames(dynamodb));
      assertFalse(record.remove("eventID").asText().isEmpty());
      JsonNode created = dynamodb.remove("ApproximateCreationDateTime");
      assertTrue(created.isIntegralNumber() && created.asLong() > before && created.asLong() < before + 240, created.toString());
      assertTrue(dynamodb.remove("SequenceNumber").asText().matches("\\d+"));
      assertTrue(dynamodb.remove("SizeBytes").isIntegralNumber());
      assertEquals(JSON.readTree("""
          {"eventName": "INSERT", "eventVersion": "1.1", "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
           "dynamodb": {
             "Keys": {"PK": {"S": "MODEL#fraud"}, "SK": {"S": "EVENT#0001"}},
             "NewImage": {"PK": {"S": "MODEL#fraud"}, "SK": {"S": "EVENT#0001"}, "seq": {"N": "7"},
                          "detail": {"M": {"tags": {"L": [{"S": "a"}, {"NULL": true}]}}},
                          "empty": {"M": {}}, "none": {"L": []}},
             "StreamViewType": "NEW_IMAGE"},
           "eventSourceARN": "%s"}
          """.formatted(streamArn)), record);
    }
  }

  @Test
  void givenACleanStop_whenItemsAreWrittenWhileStoppedAndTheRuntimeStartsAgain_thenTheyAreSentOnce_andUnsentOnesToo()
      throws Exception {
    Path data = dir.resolve("data");
    Path template = template("NEW_IMAGE", RELAY_FUNCTION);
    ScriptedFunction first = new ScriptedFunction();
    try (LocalRuntime runtime = start(data, template, first)) {
      runtime.dynamoDb().transactWriteItems(request -> request.transactItems(
          put(Map.of("PK", s("MODEL#a"), "SK", s("EVENT#0001"))), put(Map.of("PK", s("MODEL#a"), "SK", s("EVENT#0002")))));
      first.awaitSortKey("EVENT#0002", WAIT);
      first.script = payload -> {
        throw new LambdaFunctionError("java.lang.IllegalStateException", "EventBridge is down", null);
      };
      runtime.dynamoDb().putItem(request -> request.tableName("ModelsTable")
          .item(Map.of("PK", s("MODEL#a"), "SK", s("EVENT#0003"))));
      first.awaitSortKey("EVENT#0003", WAIT);
      assertTrue(Files.isRegularFile(runtime.streams().checkpointFile()));
    }
    int callsAtStop = first.calls().size();
    AmazonDynamoDBLocal offline = DynamoDBEmbedded.create(data.resolve("dynamodb/model-registry.db").toFile(), true);
    try {
      offline.dynamoDbClient().putItem(request -> request.tableName("ModelsTable")
          .item(Map.of("PK", s("MODEL#b"), "SK", s("EVENT#0004"))));
    } finally {
      offline.shutdown();
    }

    ScriptedFunction second = new ScriptedFunction();
    try (LocalRuntime runtime = start(data, template, second)) {
      second.awaitSortKey("EVENT#0004", WAIT);
      assertEquals(List.of("EVENT#0003", "EVENT#0004"), second.sortKeysSent(),
          "the failed record and the one written while stopped, in order; nothing sent before the stop again");
    }
    assertEquals(callsAtStop, first.calls().size(), "the first runtime invoked nothing after it stopped");
  }

  @Test
  void givenADataDirWhoseTableHasNoStream_whenTheTemplateGainsOne_thenItIsEnabledAtStart_andAChangedViewTypeReplacesIt()
      throws Exception {
    Path data = dir.resolve("data");
    try (LocalRuntime runtime = start(data, template(null, ""), null)) {
      runtime.dynamoDb().putItem(request -> request.tableName("ModelsTable")
          .item(Map.of("PK", s("MODEL#old"), "SK", s("EVENT#0001"))));
    }

    ScriptedFunction function = new ScriptedFunction();
    String firstArn;
    try (LocalRuntime runtime = start(data, template("NEW_IMAGE", RELAY_FUNCTION), function)) {
      TableDescription table = describe(runtime.dynamoDb());
      assertEquals(StreamSpecification.builder().streamEnabled(true).streamViewType("NEW_IMAGE").build(),
          table.streamSpecification());
      firstArn = runtime.template().resolve(Map.of("Fn::GetAtt", List.of("ModelsTable", "StreamArn")));
      assertTrue(firstArn.endsWith("/stream/" + table.latestStreamLabel()), firstArn);
      runtime.dynamoDb().putItem(request -> request.tableName("ModelsTable")
          .item(Map.of("PK", s("MODEL#new"), "SK", s("EVENT#0002"))));
      function.awaitSortKey("EVENT#0002", WAIT);
      assertEquals(List.of("EVENT#0002"), function.sortKeysSent(), "the stream starts when it was enabled");
    }

    ScriptedFunction replaced = new ScriptedFunction();
    try (LocalRuntime runtime = start(data, template("NEW_AND_OLD_IMAGES", RELAY_FUNCTION), replaced)) {
      assertEquals("NEW_AND_OLD_IMAGES", describe(runtime.dynamoDb()).streamSpecification().streamViewTypeAsString());
      String arn = runtime.template().resolve(Map.of("Fn::GetAtt", List.of("ModelsTable", "StreamArn")));
      assertFalse(arn.equals(firstArn), "a new stream: " + arn);
      runtime.dynamoDb().putItem(request -> request.tableName("ModelsTable")
          .item(Map.of("PK", s("MODEL#new"), "SK", s("EVENT#0003"))));
      JsonNode record = replaced.awaitSortKey("EVENT#0003", WAIT).get(0).records().get(0);
      assertEquals(List.of("EVENT#0003"), replaced.sortKeysSent());
      assertEquals("NEW_AND_OLD_IMAGES", record.path("dynamodb").path("StreamViewType").asText());
      assertEquals(arn, record.path("eventSourceARN").asText());
    }
  }

  /**
   * Locally a write returns only once its records were delivered, and a read waits for what writes before it
   * produced: so whoever sees a change, also from another thread, can see what the function made of it. The
   * function takes 300 ms here, so without the waits both assertions fail.
   */
  @Test
  void givenASlowFunction_whenAnItemIsWrittenAndReadMeanwhile_thenTheWriterAndTheReaderReturnOnlyAfterTheDelivery()
      throws Exception {
    ScriptedFunction function = new ScriptedFunction();
    AtomicInteger returned = new AtomicInteger();
    function.script = payload -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      returned.incrementAndGet();
      return null;
    };
    try (LocalRuntime runtime = start(dir.resolve("data"), template("NEW_IMAGE", RELAY_FUNCTION), function)) {
      Map<String, AttributeValue> key = Map.of("PK", s("MODEL#waits"), "SK", s("EVENT#0001"));
      CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
        while (!runtime.dynamoDb().getItem(request -> request.tableName("ModelsTable").key(key)).hasItem()) {
          Thread.onSpinWait();
        }
        return returned.get(); // read as soon as the item was visible
      });

      runtime.dynamoDb().putItem(request -> request.tableName("ModelsTable").item(key));

      assertEquals(1, returned.get(), "delivered when putItem returns");
      assertEquals(List.of("EVENT#0001"), function.sortKeysSent());
      assertEquals(1, reader.get(WAIT.toSeconds(), TimeUnit.SECONDS),
          "the reader that saw the item got it only once it was delivered");
    }
  }

  // ---- helpers

  private Path template(String streamViewType, String functions) {
    String text = TestTemplates.text();
    if (streamViewType != null) {
      String ttl = "      TimeToLiveSpecification:";
      assertTrue(text.contains(ttl), "test-template.yaml changed shape");
      text = text.replace(ttl, "      StreamSpecification:\n        StreamViewType: " + streamViewType + "\n" + ttl);
    }
    return TestTemplates.write(dir.resolve("template-" + (streamViewType == null ? "nostream" : streamViewType)),
        text + functions);
  }

  private static LocalRuntime start(Path data, Path template, ScriptedFunction function) {
    Options options = Options.defaults().withPort(0).withAwsPort(0).withDataDir(data).withTemplateFile(template);
    return function == null ? LocalRuntime.start(options) : LocalRuntime.start(options, function);
  }

  private static TableDescription describe(DynamoDbClient dynamoDb) {
    return dynamoDb.describeTable(request -> request.tableName("ModelsTable")).table();
  }

  private static JsonNode awaitAdminView(LocalRuntime runtime, String token,
      java.util.function.Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonNode view = Http.json(Http.send(Http.request(runtime.baseUrl() + "/_local/streams")
          .header("Authorization", "Bearer " + token)));
      JsonNode mapping = view.path("mappings").path(0);
      if (condition.test(mapping)) {
        return mapping;
      }
      assertTrue(System.nanoTime() < deadline, "the admin view never got there: " + view);
      Thread.sleep(10);
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition,
      java.util.function.Supplier<String> what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what.get());
      Thread.sleep(5);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static TransactWriteItem put(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder().put(put -> put.tableName("ModelsTable").item(item)).build();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
