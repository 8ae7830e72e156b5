package com.modelregistry.local.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.modelregistry.local.TableProvisioner;
import com.modelregistry.local.lambda.LambdaFunctionError;
import com.modelregistry.local.sam.StreamEventSource;
import com.modelregistry.local.sam.TableDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * The event source mapping's poller against DynamoDB Local's own stream implementation (in-process, one
 * database for the class, a table per test): filtering, batching and order, batchItemFailures, retries,
 * checkpoints across a restart of the poller, LATEST, and shard rollover.
 */
class StreamPollerIT {

  /** The template's filter: inserts of outbox items. */
  static final String OUTBOX_FILTER =
      "{\"eventName\": [\"INSERT\"], \"dynamodb\": {\"Keys\": {\"SK\": {\"S\": [{\"prefix\": \"EVENT#\"}]}}}}";
  static final Duration WAIT = Duration.ofSeconds(15);
  private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:model-registry-local-Relay";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger TABLES = new AtomicInteger();

  @TempDir static Path databaseDir;
  private static AmazonDynamoDBLocal dynamoDbLocal;
  private static DynamoDbClient dynamoDb;
  private static DynamoDbStreamsClient streams;

  @TempDir Path checkpointDir;
  private final List<StreamPoller> pollers = new ArrayList<>();
  private String table;
  private String streamArn;

  @BeforeAll
  static void startDynamoDb() {
    dynamoDbLocal = DynamoDBEmbedded.create(databaseDir.resolve("streams.db").toFile(), true);
    dynamoDb = dynamoDbLocal.dynamoDbClient();
    streams = dynamoDbLocal.dynamoDbStreamsClient();
  }

  @AfterAll
  static void stopDynamoDb() {
    dynamoDbLocal.shutdown();
  }

  @BeforeEach
  void createTable() {
    table = "Outbox" + TABLES.incrementAndGet();
    TableDefinition definition = new TableDefinition(table,
        List.of(key("PK", KeyType.HASH), key("SK", KeyType.RANGE)),
        List.of(attribute("PK"), attribute("SK")), List.of(), null, "NEW_IMAGE");
    Map<String, String> labels = TableProvisioner.provision(dynamoDb, List.of(definition));
    streamArn = dynamoDb.describeTable(request -> request.tableName(table)).table().latestStreamArn();
    assertTrue(streamArn.endsWith("/stream/" + labels.get(table)), streamArn + " vs " + labels);
  }

  @AfterEach
  void stopPollers() {
    pollers.forEach(StreamPoller::close);
  }

  // ---- filtering, batching, order

  @Test
  void givenInsertsUpdatesDeletesAndOtherItems_whenPolled_thenOnlyInsertedEventItemsAreSent_andTheRestCountsAsDone()
      throws Exception {
    ScriptedFunction function = new ScriptedFunction();
    StreamPoller poller = start(mapping(100, -1, true, List.of(OUTBOX_FILTER)), function);

    put("model#a", "META", Map.of());
    put("model#a", "EVENT#001", Map.of());
    update("model#a", "EVENT#001");
    put("model#a", "VERSION#1", Map.of());
    delete("model#a", "EVENT#001");
    put("model#b", "EVENT#002", Map.of());

    function.awaitSortKey("EVENT#002", WAIT);
    assertEquals(List.of("EVENT#001", "EVENT#002"), function.sortKeysSent());
    function.calls().forEach(call -> call.records().forEach(record -> assertEquals("INSERT", record.path("eventName").asText())));
    JsonNode checkpoints = awaitCheckpointOf(poller, "EVENT#002");
    assertEquals(1, checkpoints.size(), "one shard: " + checkpoints);
    assertEquals(2, poller.status().recordsSent());
  }

  @Test
  void givenTenRecordsCommittedTogether_whenPolled_thenTheyGoOutInBatchesOfBatchSize_inShardOrder() {
    ScriptedFunction function = new ScriptedFunction();
    start(mapping(3, -1, true, List.of()), function);

    dynamoDb.transactWriteItems(request -> request.transactItems(IntStream.rangeClosed(1, 10)
        .mapToObj(i -> TransactWriteItem.builder().put(put -> put.tableName(table)
            .item(item("model#batch", "EVENT#%03d".formatted(i), Map.of()))).build())
        .toList()));

    function.awaitSortKey("EVENT#010", WAIT);
    assertEquals(IntStream.rangeClosed(1, 10).mapToObj("EVENT#%03d"::formatted).toList(), function.sortKeysSent());
    assertEquals(List.of(3, 3, 3, 1), function.calls().stream().map(call -> call.records().size()).toList());
  }

  // ---- failures

  @Test
  void givenBatchItemFailures_whenTheFunctionAnswers_thenTheRecordsBeforeTheFirstFailedAreDone_andTheRestIsRetriedFromIt() {
    ScriptedFunction function = new ScriptedFunction();
    AtomicInteger answers = new AtomicInteger();
    function.script = payload -> {
      if (answers.incrementAndGet() > 1) {
        return failures(); // an empty list: all succeeded
      }
      // the first batch: records 4 and 6 fail (named out of order); 1 to 3 are done
      List<String> sequenceNumbers = new ArrayList<>();
      payload.path("Records").forEach(record -> sequenceNumbers.add(record.path("dynamodb").path("SequenceNumber").asText()));
      return failures(sequenceNumbers.get(5), sequenceNumbers.get(3));
    };
    StreamPoller poller = start(mapping(10, -1, true, List.of()), function);

    transactPut("model#partial", 8);

    function.awaitSortKey("EVENT#008", WAIT);
    List<ScriptedFunction.Call> calls = function.await(now -> now.size() >= 2, WAIT, "a retry");
    assertEquals(keys(1, 8), calls.get(0).sortKeys());
    assertEquals(keys(4, 8), calls.get(1).sortKeys(), "retried from the first failed record, in order");
    assertEquals(2, calls.size(), "the retry succeeded: " + function.sortKeysSent());
    assertTrue(poller.status().lastError().contains("failed (batchItemFailures)"), poller.status().lastError());
  }

  @Test
  void givenAFunctionError_whenTheBatchFails_thenTheWholeBatchIsRetriedAfterABackoff_andNothingIsSkipped() {
    ScriptedFunction function = new ScriptedFunction();
    AtomicInteger attempts = new AtomicInteger();
    function.script = payload -> {
      if (attempts.incrementAndGet() <= 2) {
        throw new LambdaFunctionError("java.lang.IllegalStateException", "EventBridge is down", null);
      }
      return null;
    };
    StreamPoller poller = start(mapping(10, -1, true, List.of()), function);

    transactPut("model#error", 3);

    List<ScriptedFunction.Call> calls = function.await(now -> now.size() >= 3, WAIT, "two retries");
    calls.forEach(call -> assertEquals(keys(1, 3), call.sortKeys(), "the same batch every time"));
    long firstGap = calls.get(1).nanoTime() - calls.get(0).nanoTime();
    long secondGap = calls.get(2).nanoTime() - calls.get(1).nanoTime();
    assertTrue(firstGap >= Duration.ofMillis(90).toNanos(), "backs off ~100 ms first: " + firstGap);
    assertTrue(secondGap >= Duration.ofMillis(190).toNanos(), "then ~200 ms: " + secondGap);
    assertEquals("java.lang.IllegalStateException: EventBridge is down", poller.status().lastError());
    put("model#error", "EVENT#004", Map.of());
    function.awaitSortKey("EVENT#004", WAIT);
    assertEquals(List.of(keys(1, 3), keys(1, 3), keys(1, 3), keys(4, 4)),
        function.calls().stream().map(ScriptedFunction.Call::sortKeys).toList());
  }

  @Test
  void givenMaximumRetryAttempts_whenABatchKeepsFailing_thenItIsSkippedAfterThatManyRetries() {
    ScriptedFunction function = new ScriptedFunction();
    function.script = payload -> {
      if (payload.toString().contains("EVENT#001")) {
        throw new LambdaFunctionError("java.lang.IllegalStateException", "poison", null);
      }
      return null;
    };
    StreamPoller poller = start(mapping(1, 1, true, List.of()), function);

    transactPut("model#poison", 2);

    function.awaitSortKey("EVENT#002", WAIT);
    assertEquals(List.of("EVENT#001", "EVENT#001", "EVENT#002"), function.sortKeysSent(), "one retry, then skipped");
    assertEquals(1, poller.status().recordsSent());
  }

  @Test
  void givenAFunctionThatKeepsFailing_whenThePollerIsClosed_thenItStopsAtOnce_andNeverInvokesAgain() {
    ScriptedFunction function = new ScriptedFunction();
    function.script = payload -> {
      throw new LambdaFunctionError("java.lang.IllegalStateException", "down", null);
    };
    StreamPoller poller = start(mapping(10, -1, true, List.of()), function);
    put("model#stop", "EVENT#001", Map.of());
    function.await(now -> now.size() >= 4, WAIT, "four attempts (the next waits 800 ms)");

    long start = System.nanoTime();
    poller.close();
    long closing = System.nanoTime() - start;
    int callsAtClose = function.calls().size();

    assertTrue(closing < Duration.ofMillis(500).toNanos(), "close doesn't wait out the backoff: " + closing / 1_000_000 + " ms");
    ScriptedFunction next = new ScriptedFunction();
    start(mapping(10, -1, true, List.of()), next);
    next.awaitSortKey("EVENT#001", WAIT);
    assertEquals(callsAtClose, function.calls().size(), "no invocation after close");
  }

  // ---- checkpoints, starting position, rollover

  @Test
  void givenACheckpoint_whenThePollerStartsAgain_thenItGoesOnAfterIt_andSendsNothingTwice() throws Exception {
    ScriptedFunction first = new ScriptedFunction();
    StreamPoller poller = start(mapping(10, -1, true, List.of()), first);
    transactPut("model#restart", 3);
    first.awaitSortKey("EVENT#003", WAIT);
    poller.close();
    put("model#restart", "EVENT#004", Map.of());
    put("model#restart", "EVENT#005", Map.of());

    ScriptedFunction second = new ScriptedFunction();
    start(mapping(10, -1, true, List.of()), second);
    second.awaitSortKey("EVENT#005", WAIT);

    assertEquals(keys(1, 3), first.sortKeysSent());
    assertEquals(keys(4, 5), second.sortKeysSent(), "after the checkpoint, nothing sent twice");
    Path file = checkpointDir.resolve(CheckpointFile.FILE_NAME);
    assertEquals(streamArn, JSON.readTree(file.toFile()).path("mappings").path("Relay.Outbox").path("streamArn").asText());
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(checkpointDir)));
    }
  }

  @Test
  void givenRecordsBeforeANewLatestMapping_whenItStarts_thenItSendsOnlyWhatComesAfter_alsoAfterARestart() {
    transactPut("model#latest", 2);
    ScriptedFunction first = new ScriptedFunction();
    StreamPoller poller = start(mapping(10, -1, true, List.of(), StreamEventSource.LATEST), first);
    awaitSaved(poller);
    put("model#latest", "EVENT#003", Map.of());
    first.awaitSortKey("EVENT#003", WAIT);
    poller.close();
    put("model#latest", "EVENT#004", Map.of());

    ScriptedFunction second = new ScriptedFunction();
    start(mapping(10, -1, true, List.of(), StreamEventSource.LATEST), second);
    second.awaitSortKey("EVENT#004", WAIT);

    assertEquals(List.of("EVENT#003"), first.sortKeysSent());
    assertEquals(List.of("EVENT#004"), second.sortKeysSent(), "LATEST applies only without a checkpoint");
  }

  @Test
  void givenAShardRollover_whenRecordsAreInTheOldAndTheNewShard_thenTheOldIsReadToItsEndFirst() throws Exception {
    ScriptedFunction function = new ScriptedFunction();
    StreamPoller poller = start(mapping(10, -1, true, List.of()), function);
    put("model#roll", "EVENT#001", Map.of());
    function.awaitSortKey("EVENT#001", WAIT);
    poller.close();
    put("model#roll", "EVENT#002", Map.of()); // in the old shard, not yet sent
    dynamoDbLocal.triggerShardRollovers();
    put("model#roll", "EVENT#003", Map.of()); // in the new shard
    assertEquals(2, streams.describeStream(request -> request.streamArn(streamArn)).streamDescription().shards().size());

    ScriptedFunction after = new ScriptedFunction();
    StreamPoller next = start(mapping(10, -1, true, List.of()), after);
    after.awaitSortKey("EVENT#003", WAIT);
    put("model#roll", "EVENT#004", Map.of());
    after.awaitSortKey("EVENT#004", WAIT);

    assertEquals(List.of("EVENT#002", "EVENT#003", "EVENT#004"), after.sortKeysSent());
    JsonNode shards = awaitCheckpointOf(next, "EVENT#004");
    assertEquals(2, shards.size(), shards.toString());
    List<Boolean> finished = new ArrayList<>();
    shards.forEach(shard -> finished.add(shard.path("finished").asBoolean()));
    assertEquals(List.of(true, false), finished, "the old shard is finished: " + shards);
  }

  // ---- helpers

  private StreamEventSource mapping(int batchSize, int retries, boolean report, List<String> filters) {
    return mapping(batchSize, retries, report, filters, StreamEventSource.TRIM_HORIZON);
  }

  private StreamEventSource mapping(int batchSize, int retries, boolean report, List<String> filters, String position) {
    return new StreamEventSource("Relay", "Outbox", table,
        "arn:aws:dynamodb:us-east-1:000000000000:table/" + table + "/stream/label", position, batchSize, retries,
        report, filters, true);
  }

  private StreamPoller start(StreamEventSource source, ScriptedFunction function) {
    CheckpointFile checkpoints = CheckpointFile.open(checkpointDir, java.util.Set.of(source.id()));
    StreamPoller poller = new StreamPoller(source, FUNCTION, streamArn, streams, function, checkpoints, new WriteTickets(),
        Clock.systemUTC());
    pollers.add(poller);
    poller.start();
    return poller;
  }

  /** The checkpoint file's shards of the mapping, once the poller has saved the position of the record with {@code sk}. */
  private JsonNode awaitCheckpointOf(StreamPoller poller, String sk) throws Exception {
    String sequenceNumber = sequenceNumberOf(sk);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Path file = checkpointDir.resolve(CheckpointFile.FILE_NAME);
      if (Files.exists(file)) {
        JsonNode shards = JSON.readTree(file.toFile()).path("mappings").path("Relay.Outbox").path("shards");
        for (JsonNode shard : shards) {
          if (sequenceNumber.equals(shard.path("sequenceNumber").asText())) {
            return shards;
          }
        }
      }
      assertTrue(System.nanoTime() < deadline, "no checkpoint at " + sk + " (" + sequenceNumber + "): "
          + poller.status().toJson());
      Thread.sleep(5);
    }
  }

  private void awaitSaved(StreamPoller poller) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!Files.exists(checkpointDir.resolve(CheckpointFile.FILE_NAME))) {
      assertTrue(System.nanoTime() < deadline, "the new mapping was never saved: " + poller.status().toJson());
      Thread.onSpinWait();
    }
  }

  private String sequenceNumberOf(String sk) {
    for (var shard : streams.describeStream(request -> request.streamArn(streamArn)).streamDescription().shards()) {
      String iterator = streams.getShardIterator(request -> request.streamArn(streamArn).shardId(shard.shardId())
          .shardIteratorType("TRIM_HORIZON")).shardIterator();
      for (var record : streams.getRecords(request -> request.shardIterator(iterator)).records()) {
        if (sk.equals(record.dynamodb().keys().get("SK").s())) {
          return record.dynamodb().sequenceNumber();
        }
      }
    }
    throw new AssertionError("no record with SK " + sk);
  }

  private static JsonNode failures(String... sequenceNumbers) {
    var response = JsonNodeFactory.instance.objectNode();
    var list = response.putArray("batchItemFailures");
    for (String sequenceNumber : sequenceNumbers) {
      list.addObject().put("itemIdentifier", sequenceNumber);
    }
    return response;
  }

  private static List<String> keys(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj("EVENT#%03d"::formatted).toList();
  }

  private void transactPut(String pk, int count) {
    dynamoDb.transactWriteItems(request -> request.transactItems(IntStream.rangeClosed(1, count)
        .mapToObj(i -> TransactWriteItem.builder().put(put -> put.tableName(table)
            .item(item(pk, "EVENT#%03d".formatted(i), Map.of()))).build())
        .toList()));
  }

  private void put(String pk, String sk, Map<String, AttributeValue> attributes) {
    dynamoDb.putItem(request -> request.tableName(table).item(item(pk, sk, attributes)));
  }

  private void update(String pk, String sk) {
    dynamoDb.updateItem(request -> request.tableName(table)
        .key(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk)))
        .updateExpression("SET changed = :yes").expressionAttributeValues(Map.of(":yes", AttributeValue.fromBool(true))));
  }

  private void delete(String pk, String sk) {
    dynamoDb.deleteItem(request -> request.tableName(table)
        .key(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk))));
  }

  private static Map<String, AttributeValue> item(String pk, String sk, Map<String, AttributeValue> attributes) {
    Map<String, AttributeValue> item = new java.util.HashMap<>(attributes);
    item.put("PK", AttributeValue.fromS(pk));
    item.put("SK", AttributeValue.fromS(sk));
    return item;
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static AttributeDefinition attribute(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
  }
}
