package com.modelregistry.local.states;

import static com.modelregistry.local.states.StatesHarness.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.states.asl.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parallel and (inline) Map states: results, history, failures, concurrency, and restarts. */
class ParallelAndMapTest {

  private static final String APPROVAL_BRANCH = """
      {"StartAt": "%1$s", "States": {"%1$s": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "Parameters": {"FunctionName": "Approver", "Payload": {"approver": "%1$s", "token.$": "$$.Task.Token"}},
        "End": true}}}""";

  @TempDir Path directory;
  StatesHarness states;

  @BeforeEach
  void open() {
    states = new StatesHarness(directory);
    states.lambdas.define("Approver", payload -> parse("{}"));
    states.lambdas.define("Double", payload -> Json.number(payload.intValue() * 2));
  }

  @AfterEach
  void close() {
    states.close();
  }

  /** The latest token each approver got. */
  private Map<String, String> tokens() {
    Map<String, String> tokens = new TreeMap<>();
    states.lambdas.payloads("Approver").forEach(payload ->
        tokens.put(payload.get("approver").textValue(), payload.get("token").textValue()));
    return tokens;
  }

  private void approve(String token, String output) {
    states.call("SendTaskSuccess", Json.object().put("taskToken", token).put("output", output));
    states.idle();
  }

  @Test
  void parallelBranchesGetTheSameInputAndTheResultIsTheirOutputsInOrder() {
    String execution = states.start(states.createMachine("""
        {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "ResultPath": "$.results", "End": true,
          "Branches": [
            {"StartAt": "Twice", "States": {"Twice": {"Type": "Task", "InputPath": "$.n",
              "Resource": "arn:aws:lambda:us-east-1:000000000000:function:Double", "End": true}}},
            {"StartAt": "Label", "States": {"Label": {"Type": "Pass", "Parameters": {"label.$": "$.label"}, "End": true}}}]}}}"""),
        "{\"n\": 21, \"label\": \"x\"}");
    states.idle();
    assertEquals(parse("{\"n\": 21, \"label\": \"x\", \"results\": [42, {\"label\": \"x\"}]}"), states.output(execution));
    assertEquals(List.of("ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted", "TaskStateEntered",
        "LambdaFunctionScheduled", "LambdaFunctionStarted", "PassStateEntered", "PassStateExited",
        "LambdaFunctionSucceeded", "TaskStateExited", "ParallelStateSucceeded", "ParallelStateExited",
        "ExecutionSucceeded"), states.eventTypes(execution));
  }

  @Test
  void twoApproversInParallelBothHaveToApprove() {
    String execution = states.start(states.createMachine("""
        {"StartAt": "Approvals", "States": {"Approvals": {"Type": "Parallel", "End": true,
          "Branches": [%s, %s]}}}""".formatted(APPROVAL_BRANCH.formatted("first"), APPROVAL_BRANCH.formatted("second"))),
        "{}");
    states.idle();
    Map<String, String> tokens = tokens();
    assertEquals(List.of("first", "second"), new ArrayList<>(tokens.keySet()));
    approve(tokens.get("second"), "{\"by\": \"bo\"}");
    assertEquals("RUNNING", states.status(execution));
    approve(tokens.get("first"), "{\"by\": \"ana\"}");
    assertEquals(parse("[{\"by\": \"ana\"}, {\"by\": \"bo\"}]"), states.output(execution));
  }

  @Test
  void aFailingBranchFailsTheParallelStateAbortsTheOthersAndIsCaught() {
    String execution = states.start(states.createMachine("""
        {"StartAt": "Approvals", "States": {
          "Approvals": {"Type": "Parallel", "Branches": [%s, %s], "End": true,
            "Catch": [{"ErrorEquals": ["Rejected"], "ResultPath": "$.rejection", "Next": "Rejected"}]},
          "Rejected": {"Type": "Pass", "End": true}}}"""
        .formatted(APPROVAL_BRANCH.formatted("first"), APPROVAL_BRANCH.formatted("second"))), "{\"model\": \"m\"}");
    states.idle();
    Map<String, String> tokens = tokens();
    states.call("SendTaskFailure", Json.object().put("taskToken", tokens.get("first")).put("error", "Rejected")
        .put("cause", "not good enough"));
    states.idle();
    assertEquals(parse("{\"model\": \"m\", \"rejection\": {\"Error\": \"Rejected\", \"Cause\": \"not good enough\"}}"),
        states.output(execution));
    List<String> types = states.eventTypes(execution);
    assertEquals(List.of("TaskFailed", "ParallelStateFailed", "PassStateEntered"),
        types.subList(types.indexOf("TaskFailed"), types.indexOf("TaskFailed") + 3));
    AwsServiceError late = assertThrows(AwsServiceError.class, () -> approve(tokens.get("second"), "{}"));
    assertEquals("TaskTimedOut", late.errorType());
  }

  @Test
  void retryingAParallelStateRunsAllItsBranchesAgain() {
    states.lambdas.failing("Flaky", parse("\"ok\""), "Busy");
    String execution = states.start(states.createMachine("""
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
          "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 5}],
          "Branches": [
            {"StartAt": "Flaky", "States": {"Flaky": {"Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:000000000000:function:Flaky", "End": true}}},
            {"StartAt": "Count", "States": {"Count": {"Type": "Pass",
              "Parameters": {"retry.$": "$$.State.RetryCount"}, "End": true}}}]}}}"""), "{}");
    states.idle();
    assertEquals("RUNNING", states.status(execution));
    states.advance(Duration.ofSeconds(5));
    assertEquals(parse("[\"ok\", {\"retry\": 0}]"), states.output(execution));
    assertEquals(2, states.eventTypes(execution).stream().filter("ParallelStateStarted"::equals).count());
  }

  @Test
  void mapRunsTheProcessorPerItemWithItemSelectorAndKeepsTheOrder() {
    String execution = states.start(states.createMachine("""
        {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.numbers", "MaxConcurrency": 1,
          "ItemSelector": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "factor.$": "$.factor"},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Twice", "States": {
            "Twice": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:Double",
              "InputPath": "$.value", "ResultPath": "$.doubled", "End": true}}},
          "ResultPath": "$.results", "End": true}}}"""), "{\"numbers\": [5, 6], \"factor\": 2}");
    states.idle();
    assertEquals(parse("""
        {"numbers": [5, 6], "factor": 2, "results": [
          {"index": 0, "value": 5, "factor": 2, "doubled": 10}, {"index": 1, "value": 6, "factor": 2, "doubled": 12}]}"""),
        states.output(execution));
    List<JsonNode> events = states.events(execution);
    assertEquals(List.of("ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapIterationStarted",
        "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded",
        "TaskStateExited", "MapIterationSucceeded", "MapIterationStarted", "TaskStateEntered", "LambdaFunctionScheduled",
        "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "MapIterationSucceeded",
        "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"), states.eventTypes(execution));
    assertEquals(parse("{\"length\": 2}"), events.get(2).get("mapStateStartedEventDetails"));
    assertEquals(parse("{\"name\": \"Each\", \"index\": 1}"), events.get(10).get("mapIterationStartedEventDetails"));
  }

  @Test
  void maxConcurrencyLimitsHowManyIterationsRunAtOnce() {
    String execution = states.start(states.createMachine("""
        {"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrencyPath": "$.limit", "ItemsPath": "$.items",
          "Iterator": {"StartAt": "Soak", "States": {"Soak": {"Type": "Wait", "Seconds": 10, "End": true}}},
          "End": true}}}"""), "{\"limit\": 2, \"items\": [1, 2, 3]}");
    states.idle();
    states.advance(Duration.ofSeconds(10));
    assertEquals("RUNNING", states.status(execution), "the third item starts only when one of the first two is done");
    states.advance(Duration.ofSeconds(10));
    assertEquals(parse("[1, 2, 3]"), states.output(execution));
  }

  @Test
  void anEmptyArrayGivesAnEmptyResultAndANonArrayIsStatesRuntime() {
    String definition = """
        {"StartAt": "Each", "States": {"Each": {"Type": "Map",
          "Iterator": {"StartAt": "Id", "States": {"Id": {"Type": "Pass", "End": true}}}, "End": true}}}""";
    assertEquals("[]", states.run(definition, "[]").get("output").textValue());
    JsonNode failed = states.run(definition, "{\"not\": \"an array\"}");
    assertEquals("States.Runtime", failed.get("error").textValue());
  }

  @Test
  void aFailingIterationFailsTheMapState() {
    states.lambdas.define("Check", payload -> {
      if (payload.intValue() < 0) {
        throw new com.modelregistry.local.lambda.LambdaFunctionError("Negative", "negative: " + payload, null);
      }
      return payload;
    });
    String execution = states.start(states.createMachine("""
        {"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 1,
          "Iterator": {"StartAt": "Check", "States": {"Check": {"Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:000000000000:function:Check", "End": true}}}, "End": true}}}"""),
        "[1, -2, 3]");
    states.idle();
    JsonNode description = states.describe(execution);
    assertEquals("Negative", description.get("error").textValue());
    List<String> types = states.eventTypes(execution);
    assertEquals(List.of("LambdaFunctionFailed", "MapIterationFailed", "MapStateFailed", "ExecutionFailed"),
        types.subList(types.size() - 4, types.size()));
    assertEquals(2, states.lambdas.payloads("Check").size(), "the third item never started");
  }

  @Test
  void statesRuntimeInABranchFailsTheExecutionEvenWithACatchAll() {
    JsonNode execution = states.run("""
        {"StartAt": "P", "States": {
          "P": {"Type": "Parallel", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true,
            "Branches": [{"StartAt": "Bad", "States": {"Bad": {"Type": "Pass", "InputPath": "$.missing", "End": true}}}]},
          "Caught": {"Type": "Succeed"}}}""", "{}");
    assertEquals("States.Runtime", execution.get("error").textValue());
    assertEquals("An error occurred while executing the state 'Bad' (entered at the event id #4). Invalid path "
        + "'$.missing' : No results for path: $['missing']", execution.get("cause").textValue());
  }

  @Test
  void aMapInsideAParallelBranch() {
    JsonNode execution = states.run("""
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "End": true,
            "Iterator": {"StartAt": "D", "States": {"D": {"Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:000000000000:function:Double", "End": true}}}}}},
          {"StartAt": "Q", "States": {"Q": {"Type": "Pass", "Result": "other", "End": true}}}],
          "ResultSelector": {"doubled.$": "$[0]", "other.$": "$[1]"}}}}""", "{\"items\": [1, 2, 3]}");
    assertEquals(parse("{\"doubled\": [2, 4, 6], \"other\": \"other\"}"), parse(execution.get("output").textValue()));
  }

  @Test
  void stoppingDuringAParallelStateAbortsIt() {
    String execution = states.start(states.createMachine("""
        {"StartAt": "Approvals", "States": {"Approvals": {"Type": "Parallel", "End": true, "Branches": [%s]}}}"""
        .formatted(APPROVAL_BRANCH.formatted("only"))), "{}");
    states.idle();
    states.call("StopExecution", Json.object().put("executionArn", execution));
    List<String> types = states.eventTypes(execution);
    assertEquals(List.of("ParallelStateAborted", "ExecutionAborted"), types.subList(types.size() - 2, types.size()));
    assertEquals("TaskTimedOut", assertThrows(AwsServiceError.class, () -> approve(tokens().get("only"), "{}")).errorType());
  }

  @Test
  void branchesResumeAfterARestart() {
    String execution = states.start(states.createMachine("""
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [%s,
          {"StartAt": "Soak", "States": {"Soak": {"Type": "Wait", "Seconds": 60, "End": true}}}]}}}"""
        .formatted(APPROVAL_BRANCH.formatted("approver"))), "{\"in\": 1}");
    states.idle();
    String token = tokens().get("approver");
    states.restart();
    states.advance(Duration.ofSeconds(60));
    assertEquals("RUNNING", states.status(execution));
    approve(token, "\"yes\"");
    assertEquals(parse("[\"yes\", {\"in\": 1}]"), states.output(execution));
  }
}
