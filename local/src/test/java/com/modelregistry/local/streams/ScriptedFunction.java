package com.modelregistry.local.streams;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.lambda.LambdaInvoker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link LambdaInvoker} for the stream tests: records every invocation (the function and the exact
 * payload) and answers with {@link #script}, which may return a response or throw; by default it returns
 * nothing (success).
 */
final class ScriptedFunction implements LambdaInvoker {

  /** One invocation. */
  record Call(String function, JsonNode payload, long nanoTime) {

    List<JsonNode> records() {
      List<JsonNode> records = new ArrayList<>();
      payload.path("Records").forEach(records::add);
      return records;
    }

    /** The records' sort keys ({@code dynamodb.Keys.SK.S}), in the order sent. */
    List<String> sortKeys() {
      return records().stream().map(record -> record.path("dynamodb").path("Keys").path("SK").path("S").asText())
          .toList();
    }

    List<String> sequenceNumbers() {
      return records().stream().map(record -> record.path("dynamodb").path("SequenceNumber").asText()).toList();
    }
  }

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  volatile Function<JsonNode, JsonNode> script = payload -> null;

  @Override
  public JsonNode invoke(String function, JsonNode payload) {
    calls.add(new Call(function, payload.deepCopy(), System.nanoTime()));
    return script.apply(payload);
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Every sort key sent, over all invocations, in the order sent (retries repeat them). */
  List<String> sortKeysSent() {
    return calls.stream().flatMap(call -> call.sortKeys().stream()).toList();
  }

  /** Waits until the calls so far satisfy {@code condition}; fails with {@code what} and the calls after {@code timeout}. */
  List<Call> await(Predicate<List<Call>> condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Call> now = calls();
      if (condition.test(now)) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        fail("timed out after " + timeout.toMillis() + " ms waiting for " + what + "; calls: "
            + now.stream().map(Call::sortKeys).toList());
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  /** Waits until the sort keys sent, in order, end with {@code last}. */
  List<Call> awaitSortKey(String last, Duration timeout) {
    return await(now -> now.stream().anyMatch(call -> call.sortKeys().contains(last)), timeout, "a record with SK " + last);
  }
}
