package com.modelregistry.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.lambda.LambdaFunctionError;
import com.modelregistry.local.lambda.LambdaInvoker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Lambda functions defined by tests, with every invocation recorded. */
final class TestLambdas implements LambdaInvoker {

  private final Map<String, Function<JsonNode, JsonNode>> functions = new ConcurrentHashMap<>();
  private final List<Invocation> invocations = new ArrayList<>();

  static String arn(String name) {
    return "arn:aws:lambda:us-east-1:000000000000:function:" + name;
  }

  TestLambdas define(String name, Function<JsonNode, JsonNode> function) {
    functions.put(name, function);
    return this;
  }

  /** A function that fails with these errors in turn, then returns {@code result}. */
  TestLambdas failing(String name, JsonNode result, String... errorTypes) {
    AtomicInteger calls = new AtomicInteger();
    return define(name, payload -> {
      int call = calls.getAndIncrement();
      if (call < errorTypes.length) {
        throw new LambdaFunctionError(errorTypes[call], "failure " + (call + 1), null);
      }
      return result;
    });
  }

  @Override
  public JsonNode invoke(String function, JsonNode payload) {
    String[] parts = function.split(":");
    String name = function.startsWith("arn:") ? parts[6] : parts[0];
    synchronized (invocations) {
      invocations.add(new Invocation(function, payload));
    }
    Function<JsonNode, JsonNode> body = functions.get(name);
    if (body == null) {
      throw new AwsServiceError("ResourceNotFoundException", "Function not found: " + function, 404);
    }
    return body.apply(payload);
  }

  List<Invocation> invocations() {
    synchronized (invocations) {
      return List.copyOf(invocations);
    }
  }

  List<JsonNode> payloads(String name) {
    return invocations().stream().filter(invocation -> invocation.function().endsWith(name))
        .map(Invocation::payload).toList();
  }

  record Invocation(String function, JsonNode payload) {}
}
