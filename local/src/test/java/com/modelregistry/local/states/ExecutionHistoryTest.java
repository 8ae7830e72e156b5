package com.modelregistry.local.states;

import static com.modelregistry.local.states.StatesHarness.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.states.asl.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Execution histories as AWS records them: event types per state and resource, ids and previousEventId
 * (the first state's entry has 0, as in AWS's documented histories), the details objects, and
 * GetExecutionHistory's order, paging and includeExecutionData.
 */
class ExecutionHistoryTest {

  private static final String HELLO = "arn:aws:lambda:us-east-1:000000000000:function:HelloWorld";

  @TempDir Path directory;
  StatesHarness states;

  @BeforeEach
  void open() {
    states = new StatesHarness(directory);
    states.lambdas.define("HelloWorld", payload -> parse("{\"greeting\": \"Hello World!\"}"));
  }

  @AfterEach
  void close() {
    states.close();
  }

  /** The events without timestamps (the clock stands still, but they are checked elsewhere). */
  private List<JsonNode> eventsWithoutTimestamps(String execution) {
    List<JsonNode> events = new ArrayList<>();
    for (JsonNode event : states.events(execution)) {
      ObjectNode copy = event.deepCopy();
      assertEquals(StatesHarness.START.getEpochSecond(), copy.remove("timestamp").longValue());
      events.add(copy);
    }
    return events;
  }

  @Test
  void theSpecsHelloWorldWithALambdaFunctionArn() {
    String execution = states.start(states.createMachine("""
        {"Comment": "A simple minimal example of the States language", "StartAt": "Hello World",
         "States": {"Hello World": {"Type": "Task", "Resource": "%s", "End": true}}}""".formatted(HELLO)), "{\"who\": 1}");
    states.idle();
    ArrayNode expected = (ArrayNode) parse("""
        [{"type": "ExecutionStarted", "id": 1, "previousEventId": 0, "executionStartedEventDetails":
            {"input": "{\\"who\\":1}", "inputDetails": {"truncated": false}, "roleArn": "arn:aws:iam::000000000000:role/test"}},
         {"type": "TaskStateEntered", "id": 2, "previousEventId": 0, "stateEnteredEventDetails":
            {"name": "Hello World", "input": "{\\"who\\":1}", "inputDetails": {"truncated": false}}},
         {"type": "LambdaFunctionScheduled", "id": 3, "previousEventId": 2, "lambdaFunctionScheduledEventDetails":
            {"resource": "%s", "input": "{\\"who\\":1}", "inputDetails": {"truncated": false}}},
         {"type": "LambdaFunctionStarted", "id": 4, "previousEventId": 3},
         {"type": "LambdaFunctionSucceeded", "id": 5, "previousEventId": 4, "lambdaFunctionSucceededEventDetails":
            {"output": "{\\"greeting\\":\\"Hello World!\\"}", "outputDetails": {"truncated": false}}},
         {"type": "TaskStateExited", "id": 6, "previousEventId": 5, "stateExitedEventDetails":
            {"name": "Hello World", "output": "{\\"greeting\\":\\"Hello World!\\"}", "outputDetails": {"truncated": false}}},
         {"type": "ExecutionSucceeded", "id": 7, "previousEventId": 6, "executionSucceededEventDetails":
            {"output": "{\\"greeting\\":\\"Hello World!\\"}", "outputDetails": {"truncated": false}}}]""".formatted(HELLO));
    List<String> expectedEvents = new ArrayList<>();
    expected.forEach(event -> expectedEvents.add(Json.write(event)));
    assertEquals(expectedEvents, eventsWithoutTimestamps(execution).stream().map(Json::write).toList());
  }

  @Test
  void theOptimizedLambdaIntegrationRecordsTaskEvents() {
    String execution = states.start(states.createMachine("""
        {"StartAt": "Invoke", "States": {"Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "%s", "Payload.$": "$"}, "TimeoutSeconds": 30,
          "OutputPath": "$.Payload", "End": true}}}""".formatted(HELLO)), "{\"who\": 1}");
    states.idle();
    List<JsonNode> events = eventsWithoutTimestamps(execution);
    assertEquals(parse("""
        {"resourceType": "lambda", "resource": "invoke", "region": "us-east-1",
         "parameters": "{\\"FunctionName\\":\\"%s\\",\\"Payload\\":{\\"who\\":1}}", "timeoutInSeconds": 30}"""
        .formatted(HELLO)), events.get(2).get("taskScheduledEventDetails"));
    assertEquals(parse("{\"resourceType\": \"lambda\", \"resource\": \"invoke\"}"), events.get(3).get("taskStartedEventDetails"));
    JsonNode succeeded = events.get(4).get("taskSucceededEventDetails");
    JsonNode response = parse(succeeded.get("output").textValue());
    assertEquals("$LATEST", response.get("ExecutedVersion").textValue());
    assertEquals(parse("{\"greeting\": \"Hello World!\"}"), response.get("Payload"));
    assertEquals(200, response.get("StatusCode").intValue());
    assertEquals(200, response.get("SdkHttpMetadata").get("HttpStatusCode").intValue());
    assertEquals(response.get("SdkResponseMetadata").get("RequestId"),
        response.get("SdkHttpMetadata").get("HttpHeaders").get("x-amzn-RequestId"));
    assertEquals(List.of("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
        "TaskStateExited", "ExecutionSucceeded"), states.eventTypes(execution));
    assertEquals(parse("{\"greeting\": \"Hello World!\"}"), states.output(execution));
  }

  @Test
  void passChoiceSucceedAndFailStates() {
    String machine = states.createMachine("""
        {"StartAt": "P", "States": {
          "P": {"Type": "Pass", "Next": "C"},
          "C": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Yes"}], "Default": "No"},
          "Yes": {"Type": "Succeed"},
          "No": {"Type": "Fail", "Error": "NotOk", "Cause": "ok was false"}}}""");
    String succeeded = states.start(machine, "{\"ok\": true}");
    String failed = states.start(machine, "{\"ok\": false}");
    states.idle();
    assertEquals(List.of("ExecutionStarted", "PassStateEntered", "PassStateExited", "ChoiceStateEntered",
        "ChoiceStateExited", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"), states.eventTypes(succeeded));
    assertEquals(List.of("ExecutionStarted", "PassStateEntered", "PassStateExited", "ChoiceStateEntered",
        "ChoiceStateExited", "FailStateEntered", "ExecutionFailed"), states.eventTypes(failed));
    JsonNode failure = states.events(failed).get(6);
    assertEquals(parse("{\"error\": \"NotOk\", \"cause\": \"ok was false\"}"), failure.get("executionFailedEventDetails"));
    JsonNode description = states.describe(failed);
    assertEquals("NotOk", description.get("error").textValue());
    assertFalse(description.has("output"));
  }

  @Test
  void failStateErrorPathAndCausePath() {
    JsonNode execution = states.run("""
        {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.code",
          "CausePath": "States.Format('model {} failed: {}', $.model, $.reason)"}}}""",
        "{\"code\": \"GateFailed\", \"model\": \"m1\", \"reason\": \"auc\"}");
    assertEquals("GateFailed", execution.get("error").textValue());
    assertEquals("model m1 failed: auc", execution.get("cause").textValue());
  }

  @Test
  void historyPagesForwardAndBackward() {
    String execution = states.start(states.createMachine("""
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}}"""), "{}");
    states.idle();
    List<Long> forward = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      ObjectNode request = Json.object().put("executionArn", execution).put("maxResults", 2);
      if (token != null) {
        request.put("nextToken", token);
      }
      JsonNode page = states.call("GetExecutionHistory", request);
      page.get("events").forEach(event -> forward.add(event.get("id").longValue()));
      token = page.path("nextToken").textValue();
      pages++;
    } while (token != null);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), forward);
    assertEquals(3, pages);
    JsonNode reversed = states.call("GetExecutionHistory", Json.object().put("executionArn", execution)
        .put("reverseOrder", true).put("maxResults", 4));
    assertEquals(List.of(6L, 5L, 4L, 3L), ids(reversed));
    JsonNode rest = states.call("GetExecutionHistory", Json.object().put("executionArn", execution)
        .put("reverseOrder", true).put("nextToken", reversed.get("nextToken").textValue()));
    assertEquals(List.of(2L, 1L), ids(rest));
    assertNull(rest.get("nextToken"));
  }

  @Test
  void includeExecutionDataFalseLeavesInputsAndOutputsOut() {
    String execution = states.start(states.createMachine("""
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"""), "{\"secret\": 1}");
    states.idle();
    JsonNode page = states.call("GetExecutionHistory", Json.object().put("executionArn", execution)
        .put("includeExecutionData", false));
    assertEquals(parse("{\"roleArn\": \"arn:aws:iam::000000000000:role/test\"}"),
        page.get("events").get(0).get("executionStartedEventDetails"));
    assertEquals(parse("{\"name\": \"A\"}"), page.get("events").get(1).get("stateEnteredEventDetails"));
  }

  private static List<Long> ids(JsonNode page) {
    List<Long> ids = new ArrayList<>();
    page.get("events").forEach(event -> ids.add(event.get("id").longValue()));
    return ids;
  }
}
