package com.modelregistry.local.states;

import static com.modelregistry.local.states.StatesHarness.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.states.asl.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lambda:invoke.waitForTaskToken} (success, failure, timeout, heartbeats, AWS's errors for tokens)
 * and task timeouts, all on the test's clock.
 */
class TaskCallbackAndTimeoutTest {

  @TempDir Path directory;
  StatesHarness states;

  @BeforeEach
  void open() {
    states = new StatesHarness(directory);
    states.lambdas.define("Approver", payload -> parse("{\"queued\": true}"));
  }

  @AfterEach
  void close() {
    states.close();
  }

  private static String callbackMachine(String fields) {
    return """
        {"StartAt": "Approve", "States": {
          "Approve": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:Approver",
                           "Payload": {"token.$": "$$.Task.Token", "model.$": "$.model"}},
            "ResultPath": "$.approval", %s "Next": "Route"},
          "Route": {"Type": "Choice", "Choices": [{"Variable": "$$.State.Name", "StringEquals": "-", "Next": "Other"}],
                    "Default": "Handle"},
          "Handle": {"Type": "Pass", "End": true},
          "Other": {"Type": "Pass", "Result": "other", "End": true}}}""".formatted(fields.isEmpty() ? "" : fields + ",");
  }

  private String startCallback(String fields) {
    String execution = states.start(states.createMachine(callbackMachine(fields)), "{\"model\": \"m1\"}");
    states.idle();
    return execution;
  }

  private String token() {
    List<JsonNode> payloads = states.lambdas.payloads("Approver");
    return payloads.get(payloads.size() - 1).get("token").textValue();
  }

  private JsonNode send(String operation, String token, String... fields) {
    com.fasterxml.jackson.databind.node.ObjectNode request = Json.object().put("taskToken", token);
    for (int i = 0; i < fields.length; i += 2) {
      request.put(fields[i], fields[i + 1]);
    }
    return states.call(operation, request);
  }

  private AwsServiceError sendFails(String operation, String token, String... fields) {
    return assertThrows(AwsServiceError.class, () -> send(operation, token, fields));
  }

  @Test
  void sendTaskSuccessCompletesTheTaskWithTheGivenOutput() {
    String execution = startCallback("");
    assertEquals("m1", states.lambdas.payloads("Approver").get(0).get("model").textValue());
    assertEquals("RUNNING", states.status(execution));
    assertEquals(List.of("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted"),
        states.eventTypes(execution));
    JsonNode submitted = states.events(execution).get(4).get("taskSubmittedEventDetails");
    assertEquals("invoke.waitForTaskToken", submitted.get("resource").textValue());
    assertEquals(200, parse(submitted.get("output").textValue()).get("StatusCode").intValue());
    assertEquals(parse("{}"), send("SendTaskSuccess", token(), "output", "{\"approved\": true, \"by\": \"ana\"}"));
    states.idle();
    assertEquals(parse("{\"model\": \"m1\", \"approval\": {\"approved\": true, \"by\": \"ana\"}}"), states.output(execution));
    assertEquals(List.of("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted",
        "TaskSucceeded", "TaskStateExited", "ChoiceStateEntered", "ChoiceStateExited", "PassStateEntered",
        "PassStateExited", "ExecutionSucceeded"), states.eventTypes(execution));
    AwsServiceError again = sendFails("SendTaskSuccess", token(), "output", "{}");
    assertEquals("TaskTimedOut", again.errorType());
    assertEquals("Task Timed Out: 'Provided task does not exist anymore'", again.getMessage());
  }

  @Test
  void sendTaskFailureFailsTheTaskWithTheGivenErrorAndCause() {
    String execution = startCallback("\"Catch\": [{\"ErrorEquals\": [\"Rejected\"], \"Next\": \"Handle\", \"ResultPath\": \"$.why\"}]");
    send("SendTaskFailure", token(), "error", "Rejected", "cause", "metrics regressed");
    states.idle();
    assertEquals(parse("{\"model\": \"m1\", \"why\": {\"Error\": \"Rejected\", \"Cause\": \"metrics regressed\"}}"),
        states.output(execution));
    JsonNode failed = states.events(execution).get(5);
    assertEquals("TaskFailed", failed.get("type").textValue());
    assertEquals(parse("""
        {"resourceType": "lambda", "resource": "invoke.waitForTaskToken", "error": "Rejected", "cause": "metrics regressed"}"""),
        failed.get("taskFailedEventDetails"));
  }

  @Test
  void noCallbackWithinTimeoutSecondsIsStatesTimeoutWhichStatesTaskFailedDoesNotMatch() {
    String execution = startCallback("""
        "TimeoutSeconds": 60,
        "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Other"},
                  {"ErrorEquals": ["States.Timeout"], "Next": "Handle", "ResultPath": "$.timeout"}]""");
    states.advance(Duration.ofSeconds(59));
    assertEquals("RUNNING", states.status(execution));
    states.advance(Duration.ofSeconds(1));
    assertEquals("States.Timeout", states.output(execution).get("timeout").get("Error").textValue());
    JsonNode timedOut = states.events(execution).get(5);
    assertEquals("TaskTimedOut", timedOut.get("type").textValue());
    assertEquals("States.Timeout", timedOut.get("taskTimedOutEventDetails").get("error").textValue());
    assertEquals("TaskTimedOut", sendFails("SendTaskSuccess", token(), "output", "{}").errorType());
  }

  @Test
  void heartbeatsKeepTheTaskAliveUntilOneIsMissed() {
    String execution = startCallback("""
        "TimeoutSeconds": 100, "HeartbeatSeconds": 10,
        "Catch": [{"ErrorEquals": ["States.HeartbeatTimeout"], "Next": "Handle"}]""");
    JsonNode scheduled = states.events(execution).get(2).get("taskScheduledEventDetails");
    assertEquals(100, scheduled.get("timeoutInSeconds").intValue());
    assertEquals(10, scheduled.get("heartbeatInSeconds").intValue());
    states.advance(Duration.ofSeconds(8));
    assertEquals(parse("{}"), send("SendTaskHeartbeat", token()));
    states.advance(Duration.ofSeconds(8));
    send("SendTaskHeartbeat", token());
    states.advance(Duration.ofSeconds(9));
    assertEquals("RUNNING", states.status(execution));
    states.advance(Duration.ofSeconds(1));
    assertEquals("SUCCEEDED", states.status(execution));
    assertEquals("States.HeartbeatTimeout", states.output(execution).get("Error").textValue());
  }

  @Test
  void aMissedHeartbeatIsAlsoMatchedByStatesTimeout() {
    String execution = startCallback("""
        "HeartbeatSeconds": 5, "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Handle"}]""");
    states.advance(Duration.ofSeconds(5));
    assertEquals("States.HeartbeatTimeout", states.output(execution).get("Error").textValue());
  }

  @Test
  void timeoutSecondsPathReadsTheTimeoutFromTheInput() {
    String execution = states.start(states.createMachine(callbackMachine("\"TimeoutSecondsPath\": \"$.limit\"")),
        "{\"model\": \"m1\", \"limit\": 30}");
    states.idle();
    states.advance(Duration.ofSeconds(30));
    JsonNode description = states.describe(execution);
    assertEquals("FAILED", description.get("status").textValue());
    assertEquals("States.Timeout", description.get("error").textValue());
  }

  @Test
  void aLambdaTaskThatRunsTooLongTimesOutAndItsLateResultIsIgnored() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    states.lambdas.define("Slow", payload -> {
      started.countDown();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return parse("\"late\"");
    });
    String execution = states.start(states.createMachine("""
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:Slow",
          "TimeoutSeconds": 5, "End": true}}}"""), "{}");
    assertTrue(started.await(10, TimeUnit.SECONDS));
    states.clock.advance(Duration.ofSeconds(5)); // the timeout fires while the call is still in flight
    assertEquals("FAILED", states.status(execution));
    release.countDown();
    states.idle();
    assertEquals(List.of("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
        "LambdaFunctionTimedOut", "ExecutionFailed"), states.eventTypes(execution));
    assertEquals("States.Timeout", states.describe(execution).get("error").textValue());
  }

  @Test
  void aCallbackMayArriveBeforeTheInvocationReturns() {
    states.lambdas.define("Approver", payload -> {
      states.call("SendTaskSuccess", Json.object().put("taskToken", payload.get("token").textValue())
          .put("output", "\"instant\""));
      return parse("{}");
    });
    String execution = startCallback("");
    assertEquals("instant", states.output(execution).get("approval").textValue());
  }

  @Test
  void stoppingTheExecutionAbortsTheTaskAndRetiresItsToken() {
    String execution = startCallback("");
    states.call("StopExecution", Json.object().put("executionArn", execution));
    assertEquals(List.of("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted",
        "TaskStateAborted", "ExecutionAborted"), states.eventTypes(execution));
    assertEquals("TaskTimedOut", sendFails("SendTaskHeartbeat", token()).errorType());
  }

  @Test
  void tokensAndOutputsAreValidated() {
    startCallback("");
    AwsServiceError invalid = sendFails("SendTaskSuccess", "not-a-token", "output", "{}");
    assertEquals("InvalidToken", invalid.errorType());
    assertEquals("InvalidToken", sendFails("SendTaskHeartbeat", "AAAA").errorType());
    assertEquals("InvalidOutput", sendFails("SendTaskSuccess", token(), "output", "{not json").errorType());
    assertEquals("ValidationException", sendFails("SendTaskSuccess", token()).errorType());
    String unknownExecution = TaskTokens.issue(Arns.execution("machine-9", "gone"), 1);
    assertEquals("TaskDoesNotExist", sendFails("SendTaskFailure", unknownExecution, "error", "E").errorType());
    AwsServiceError tooLong = sendFails("SendTaskFailure", token(), "error", "E".repeat(257));
    assertEquals("ValidationException", tooLong.errorType());
  }
}
