package com.modelregistry.local.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cutting batches from a shard's pending records, reading the function's batchItemFailures answer as Lambda
 * does, and the retry backoff.
 */
class BatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static PendingRecord record(String sequenceNumber, boolean matches) {
    return new PendingRecord(sequenceNumber, JsonNodeFactory.instance.objectNode().put("seq", sequenceNumber), matches);
  }

  private static final List<PendingRecord> PENDING = List.of(record("1", false), record("2", true), record("3", false),
      record("4", true), record("5", true), record("6", false), record("7", true));

  @Test
  void givenFilteredOutRecords_whenCut_thenTheBatchHasBatchSizeMatchingRecords_andCoversTheFilteredOnesUpToTheNextMatch() {
    Batch batch = Batch.next(PENDING, 2);

    assertEquals(List.of("2", "4"), batch.sentSequenceNumbers());
    assertEquals(4, batch.range().size(), "1 to 4: record 5 would be the third sent");
    assertEquals(3, batch.rangeBefore(1), "records 1, 2, 3 come before record 4");
    assertEquals(JSON.createObjectNode().set("Records", JSON.createArrayNode()
        .add(PENDING.get(1).json()).add(PENDING.get(3).json())), batch.event());
    assertEquals("2 records (2 to 4)", batch.describe());
  }

  @Test
  void givenOnlyFilteredOutRecordsLeft_whenCut_thenTheBatchCoversThemAll_andSendsNothing() {
    Batch batch = Batch.next(List.of(record("8", false), record("9", false)), 100);
    assertEquals(List.of(), batch.sent());
    assertEquals(2, batch.range().size());
  }

  @Test
  void givenAnEnormousBatchSize_whenCut_thenEverythingPendingIsOneBatch() {
    assertEquals(List.of("2", "4", "5", "7"), Batch.next(PENDING, 10_000).sentSequenceNumbers());
    assertEquals(7, Batch.next(PENDING, 10_000).range().size());
  }

  @Test
  void givenTheFunctionsAnswer_thenSuccessAndPartialFailureAreReadAsLambdaReadsThem() throws Exception {
    List<String> batch = List.of("10", "11", "12");
    assertEquals(BatchResponse.SUCCESS, BatchResponse.of(null, batch), "no answer");
    assertEquals(BatchResponse.SUCCESS, BatchResponse.of(JSON.nullNode(), batch));
    assertEquals(BatchResponse.SUCCESS, BatchResponse.of(JSON.readTree("{}"), batch), "empty response");
    assertEquals(BatchResponse.SUCCESS, BatchResponse.of(JSON.readTree("{\"batchItemFailures\": null}"), batch));
    assertEquals(BatchResponse.SUCCESS, BatchResponse.of(JSON.readTree("{\"batchItemFailures\": []}"), batch));
    assertEquals(BatchResponse.SUCCESS, BatchResponse.of(JSON.readTree("\"ok\""), batch), "not an object");
    assertEquals(new BatchResponse(1, null), BatchResponse.of(JSON.readTree(
        "{\"batchItemFailures\": [{\"itemIdentifier\": \"12\"}, {\"itemIdentifier\": \"11\"}]}"), batch),
        "the lowest failed sequence number");
  }

  @Test
  void givenAnUnusableAnswer_thenTheWholeBatchFails() throws Exception {
    List<String> batch = List.of("10", "11");
    for (String answer : List.of("{\"batchItemFailures\": [{\"itemIdentifier\": \"\"}]}",
        "{\"batchItemFailures\": [{\"itemIdentifier\": null}]}",
        "{\"batchItemFailures\": [{\"id\": \"11\"}]}",
        "{\"batchItemFailures\": [{\"itemIdentifier\": \"99\"}]}",
        "{\"batchItemFailures\": {\"itemIdentifier\": \"11\"}}")) {
      BatchResponse response = BatchResponse.of(JSON.readTree(answer), batch);
      assertEquals(0, response.firstFailed(), answer);
      assertEquals(true, response.problem() != null, answer);
    }
  }

  @Test
  void givenFailedAttempts_thenTheBackoffDoublesFrom100MsUpTo5s() {
    Duration first = StreamPoller.FIRST_RETRY;
    Duration max = StreamPoller.MAX_RETRY;
    assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L),
        List.of(1, 2, 3, 4, 5, 6, 7, 100).stream().map(attempt -> Backoff.delay(attempt, first, max).toMillis()).toList());
  }
}
