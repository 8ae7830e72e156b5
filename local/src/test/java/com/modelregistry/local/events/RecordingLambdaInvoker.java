package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.lambda.LambdaFunctionError;
import com.modelregistry.local.lambda.LambdaInvoker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link LambdaInvoker} for tests: records every invocation; a function named in {@link #failNext}
 * throws a function error that many times; an ARN whose name contains {@code missing} does not exist.
 */
public final class RecordingLambdaInvoker implements LambdaInvoker {

  /** One invocation: the function as given and the payload it got. */
  public record Call(String function, JsonNode payload) {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();

  @Override
  public JsonNode invoke(String function, JsonNode payload) {
    calls.add(new Call(function, payload));
    if (function.contains("missing")) {
      throw new AwsServiceError("ResourceNotFoundException", "Function not found: " + function, 404);
    }
    Integer left = failuresLeft.computeIfPresent(function, (name, count) -> count - 1);
    if (left != null && left >= 0) {
      throw new LambdaFunctionError("IllegalStateException", "failing on purpose", null);
    }
    return JsonNodeFactory.instance.objectNode().put("ok", true);
  }

  /** The next {@code times} invocations of {@code function} throw. */
  public void failNext(String function, int times) {
    failuresLeft.put(function, times);
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public List<Call> callsTo(String function) {
    return calls.stream().filter(call -> call.function().equals(function)).toList();
  }

  public void clear() {
    calls.clear();
    failuresLeft.clear();
  }
}
