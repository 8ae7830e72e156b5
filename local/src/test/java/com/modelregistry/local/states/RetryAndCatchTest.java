package com.modelregistry.local.states;

import static com.modelregistry.local.states.StatesHarness.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.lambda.LambdaFunctionError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retry and Catch as the spec defines them: the first Retrier whose ErrorEquals matches decides, with its
 * own attempt counter; intervals grow by BackoffRate up to MaxDelaySeconds; MaxAttempts 0 never retries;
 * a Catcher's ResultPath places the Error Output into the raw input.
 */
class RetryAndCatchTest {

  private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:Flaky";

  @TempDir Path directory;
  StatesHarness states;

  @BeforeEach
  void open() {
    states = new StatesHarness(directory);
  }

  @AfterEach
  void close() {
    states.close();
  }

  private String startTask(String fields, String input) {
    String definition = """
        {"StartAt": "T", "States": {
          "T": {"Type": "Task", "Resource": "%s", %s, "Next": "Route"},
          "Route": {"Type": "Choice", "Choices": [{"Variable": "$$.State.Name", "StringEquals": "-", "Next": "Other"}],
                    "Default": "Handle"},
          "Handle": {"Type": "Pass", "End": true},
          "Other": {"Type": "Pass", "Result": "other", "End": true}}}""".formatted(FUNCTION, fields);
    String execution = states.start(states.createMachine(definition), input);
    states.idle();
    return execution;
  }

  private int calls() {
    return states.lambdas.payloads("Flaky").size();
  }

  @Test
  void theSpecExampleCountsRetriesPerRetrier() {
    // Errors ErrorA, ErrorB, ErrorC, ErrorB: retried after 1 s and 2 s (first retrier, MaxAttempts 2), after
    // 5 s (second retrier); the fourth error matches the first retrier again, whose retries are used up.
    states.lambdas.failing("Flaky", parse("\"never\""), "ErrorA", "ErrorB", "ErrorC", "ErrorB");
    String execution = startTask("""
        "Parameters": {"retryCount.$": "$$.State.RetryCount"},
        "Retry": [{"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2, "MaxAttempts": 2},
                  {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5}],
        "Catch": [{"ErrorEquals": ["ErrorA"], "Next": "Other"}]""", "{}");
    assertEquals(1, calls());
    states.advance(Duration.ofMillis(999));
    assertEquals(1, calls());
    states.advance(Duration.ofMillis(1));
    assertEquals(2, calls());
    states.advance(Duration.ofMillis(1999));
    assertEquals(2, calls());
    states.advance(Duration.ofMillis(1));
    assertEquals(3, calls());
    states.advance(Duration.ofMillis(4999));
    assertEquals(3, calls());
    states.advance(Duration.ofMillis(1));
    assertEquals(4, calls());
    JsonNode description = states.describe(execution);
    assertEquals("FAILED", description.get("status").textValue());
    assertEquals("ErrorB", description.get("error").textValue());
    assertEquals(List.of(0, 1, 2, 3), states.lambdas.payloads("Flaky").stream()
        .map(payload -> payload.get("retryCount").intValue()).toList());
  }

  @Test
  void backoffRateGrowsTheIntervalUpToMaxDelaySeconds() {
    states.lambdas.failing("Flaky", parse("\"finally\""), "E", "E", "E", "E");
    String execution = startTask("""
        "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxDelaySeconds": 10, "MaxAttempts": 4}]""",
        "{}");
    for (int[] step : new int[][] {{2, 2}, {6, 3}, {10, 4}, {10, 5}}) {
      states.advance(Duration.ofSeconds(step[0]).minusMillis(1));
      assertEquals(step[1] - 1, calls(), "before a delay of " + step[0] + " s");
      states.advance(Duration.ofMillis(1));
      assertEquals(step[1], calls(), "after a delay of " + step[0] + " s");
    }
    assertEquals(parse("\"finally\""), states.output(execution));
  }

  @Test
  void defaultsAreOneSecondThreeAttemptsAndRateTwo() {
    states.lambdas.failing("Flaky", parse("1"), "E", "E", "E", "E");
    String execution = startTask("\"Retry\": [{\"ErrorEquals\": [\"States.ALL\"]}]", "{}");
    states.advance(Duration.ofSeconds(1));
    states.advance(Duration.ofSeconds(2));
    assertEquals(3, calls());
    states.advance(Duration.ofSeconds(4));
    assertEquals(4, calls());
    assertEquals("FAILED", states.status(execution));
    assertEquals("E", states.describe(execution).get("error").textValue());
  }

  @Test
  void maxAttemptsZeroNeverRetriesAndTheFirstMatchingRetrierDecides() {
    states.lambdas.failing("Flaky", parse("1"), "E", "E");
    String execution = startTask("""
        "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 0}, {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}]""", "{}");
    assertEquals(1, calls());
    assertEquals("FAILED", states.status(execution));
  }

  @Test
  void fullJitterRetriesWithinTheInterval() {
    states.lambdas.failing("Flaky", parse("1"), "E");
    String execution = startTask("""
        "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 8, "JitterStrategy": "FULL"}]""", "{}");
    states.advance(Duration.ofSeconds(8));
    assertEquals(2, calls());
    assertEquals("SUCCEEDED", states.status(execution));
  }

  @Test
  void catchPlacesTheErrorOutputWithItsResultPath() {
    states.lambdas.define("Flaky", payload -> {
      throw new LambdaFunctionError("java.lang.IllegalStateException", "model rejected",
          new IllegalStateException("model rejected"));
    });
    String execution = startTask("""
        "Catch": [{"ErrorEquals": ["com.example.Other"], "Next": "Other"},
                  {"ErrorEquals": ["java.lang.IllegalStateException"], "Next": "Handle", "ResultPath": "$.error"},
                  {"ErrorEquals": ["States.ALL"], "Next": "Other"}]""", "{\"model\": \"m1\"}");
    JsonNode output = states.output(execution);
    assertEquals("m1", output.get("model").textValue());
    assertEquals("java.lang.IllegalStateException", output.get("error").get("Error").textValue());
    JsonNode cause = parse(output.get("error").get("Cause").textValue());
    assertEquals("model rejected", cause.get("errorMessage").textValue());
    assertEquals("java.lang.IllegalStateException", cause.get("errorType").textValue());
    assertTrue(cause.get("stackTrace").get(0).textValue().contains("RetryAndCatchTest"), cause.toString());
    assertEquals(List.of("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
        "LambdaFunctionFailed", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"), states.eventTypes(execution));
  }

  @Test
  void catchWithoutResultPathOutputsTheErrorOutputAndNullResultPathKeepsTheInput() {
    states.lambdas.failing("Flaky", parse("1"), "Boom", "Boom");
    String replaced = startTask("\"Catch\": [{\"ErrorEquals\": [\"Boom\"], \"Next\": \"Handle\"}]", "{\"in\": 1}");
    JsonNode errorOutput = states.output(replaced);
    assertEquals("Boom", errorOutput.get("Error").textValue());
    assertEquals(parse("{\"errorMessage\": \"failure 1\", \"errorType\": \"Boom\", \"stackTrace\": []}"),
        parse(errorOutput.get("Cause").textValue()));
    String kept = startTask("\"Catch\": [{\"ErrorEquals\": [\"Boom\"], \"Next\": \"Handle\", \"ResultPath\": null}]",
        "{\"in\": 2}");
    assertEquals(parse("{\"in\": 2}"), states.output(kept));
  }

  @Test
  void retriesThenCatches() {
    states.lambdas.failing("Flaky", parse("1"), "E", "E", "E");
    String execution = startTask("""
        "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 1}],
        "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Handle", "ResultPath": "$.failure"}]""", "{}");
    states.advance(Duration.ofSeconds(1));
    states.advance(Duration.ofSeconds(1));
    assertEquals(3, calls());
    assertEquals("E", states.output(execution).get("failure").get("Error").textValue());
    assertEquals(List.of("ExecutionStarted", "TaskStateEntered",
        "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
        "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
        "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
        "PassStateEntered", "PassStateExited", "ExecutionSucceeded"), states.eventTypes(execution));
  }

  @Test
  void anUncaughtErrorFailsTheExecutionWithTheFunctionsErrorAndCause() {
    states.lambdas.failing("Flaky", parse("1"), "com.example.QuotaExceeded");
    String execution = startTask("\"Catch\": [{\"ErrorEquals\": [\"Other\"], \"Next\": \"Handle\"}]", "{}");
    JsonNode description = states.describe(execution);
    assertEquals("FAILED", description.get("status").textValue());
    assertEquals("com.example.QuotaExceeded", description.get("error").textValue());
    assertEquals("failure 1", parse(description.get("cause").textValue()).get("errorMessage").textValue());
    List<JsonNode> events = states.events(execution);
    assertEquals("ExecutionFailed", events.get(events.size() - 1).get("type").textValue());
    assertEquals("com.example.QuotaExceeded", events.get(4).get("lambdaFunctionFailedEventDetails").get("error").textValue());
  }

  @Test
  void anUnknownFunctionIsLambdaResourceNotFoundException() {
    String execution = startTask("\"Catch\": [{\"ErrorEquals\": [\"Lambda.ResourceNotFoundException\"], \"Next\": \"Handle\"}]",
        "{}");
    JsonNode output = states.output(execution);
    assertEquals("Lambda.ResourceNotFoundException", output.get("Error").textValue());
    assertTrue(output.get("Cause").textValue().contains("Function not found"), output.toString());
  }

  @Test
  void resultSelectorIntrinsicFailureIsCatchable() {
    states.lambdas.define("Flaky", payload -> parse("{\"list\": [1]}"));
    String execution = startTask("""
        "ResultSelector": {"item.$": "States.ArrayGetItem($.list, 5)"},
        "Catch": [{"ErrorEquals": ["States.IntrinsicFailure"], "Next": "Handle"}]""", "{}");
    assertEquals("States.IntrinsicFailure", states.output(execution).get("Error").textValue());
  }
}
