package com.modelregistry.local.states;

import static com.modelregistry.local.states.StatesHarness.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.states.asl.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executions survive closing the service and opening a new one on the same directory: a Wait ends when
 * due, a task waiting for a token accepts the same token, a pending retry happens, and a Lambda call that
 * was in flight is made again (at-least-once).
 */
class RestartResumeTest {

  @TempDir Path directory;
  StatesHarness states;

  @BeforeEach
  void open() {
    states = new StatesHarness(directory);
    states.lambdas.define("Approver", payload -> parse("{}"));
  }

  @AfterEach
  void close() {
    states.close();
  }

  @Test
  void aWaitingExecutionAndOneWaitingForItsTokenSurviveARestart() {
    String waiting = states.start(states.createMachine("""
        {"StartAt": "Soak", "States": {
          "Soak": {"Type": "Wait", "Seconds": 3600, "Next": "Done"},
          "Done": {"Type": "Pass", "Result": "soaked", "ResultPath": "$.result", "End": true}}}"""), "{\"model\": \"m1\"}");
    String approving = states.start(states.createMachine("""
        {"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
          "Parameters": {"FunctionName": "Approver", "Payload": {"token.$": "$$.Task.Token"}},
          "ResultPath": "$.approval", "TimeoutSeconds": 86400, "End": true}}}"""), "{\"model\": \"m2\"}");
    states.idle();
    String token = states.lambdas.payloads("Approver").get(0).get("token").textValue();
    states.advance(Duration.ofMinutes(10));

    states.restart();

    assertEquals("RUNNING", states.status(waiting));
    assertEquals("RUNNING", states.status(approving));
    states.advance(Duration.ofMinutes(49));
    assertEquals("RUNNING", states.status(waiting));
    states.advance(Duration.ofMinutes(1));
    assertEquals(parse("{\"model\": \"m1\", \"result\": \"soaked\"}"), states.output(waiting));
    assertEquals(List.of("ExecutionStarted", "WaitStateEntered", "WaitStateExited", "PassStateEntered",
        "PassStateExited", "ExecutionSucceeded"), states.eventTypes(waiting));

    states.call("SendTaskSuccess", Json.object().put("taskToken", token).put("output", "{\"by\": \"ana\"}"));
    states.idle();
    assertEquals(parse("{\"model\": \"m2\", \"approval\": {\"by\": \"ana\"}}"), states.output(approving));
    assertEquals(1, states.lambdas.payloads("Approver").size(), "the Lambda call had completed: not repeated");
    List<JsonNode> events = states.events(approving);
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i + 1, events.get(i).get("id").intValue());
    }
  }

  @Test
  void deadlinesThatPassedWhileTheServiceWasDownFireOnStart() {
    String execution = states.start(states.createMachine("""
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}"""), "{}");
    states.idle();
    states.service.close();
    states.clock.advance(Duration.ofMinutes(5));
    states.service = StepFunctionsService.start(directory, states.lambdas, states.clock);
    states.idle();
    assertEquals("SUCCEEDED", states.status(execution));
  }

  @Test
  void aCallbackTimeoutStillAppliesAfterARestart() {
    String execution = states.start(states.createMachine("""
        {"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
          "Parameters": {"FunctionName": "Approver", "Payload": {"token.$": "$$.Task.Token"}},
          "TimeoutSeconds": 300, "End": true}}}"""), "{}");
    states.idle();
    states.restart();
    states.advance(Duration.ofSeconds(300));
    assertEquals("States.Timeout", states.describe(execution).get("error").textValue());
  }

  @Test
  void aPendingRetryHappensAfterARestart() {
    states.lambdas.failing("Flaky", parse("\"ok\""), "Busy");
    String execution = states.start(states.createMachine("""
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:Flaky",
          "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 10}], "End": true}}}"""), "{}");
    states.idle();
    states.restart();
    states.advance(Duration.ofSeconds(10));
    assertEquals(parse("\"ok\""), states.output(execution));
    assertEquals(2, states.lambdas.payloads("Flaky").size());
  }

  @Test
  void aLambdaCallInFlightWhenTheServiceStoppedIsMadeAgain() throws Exception {
    CountDownLatch firstCallStarted = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    states.lambdas.define("Train", payload -> {
      if (calls.incrementAndGet() == 1) {
        firstCallStarted.countDown();
        try {
          new CountDownLatch(1).await(30, TimeUnit.SECONDS); // interrupted when the service closes
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return parse("\"lost\"");
      }
      return parse("\"trained\"");
    });
    String execution = states.start(states.createMachine("""
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:Train",
          "End": true}}}"""), "{\"epochs\": 3}");
    assertTrue(firstCallStarted.await(10, TimeUnit.SECONDS));
    states.restart();
    states.idle();
    assertEquals(parse("\"trained\""), states.output(execution));
    assertEquals(List.of(parse("{\"epochs\": 3}"), parse("{\"epochs\": 3}")), states.lambdas.payloads("Train"));
    assertEquals(List.of("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
        "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded"), states.eventTypes(execution));
  }

  @Test
  void stateMachinesAndFinishedExecutionsAreKeptInTheDirectoryAsJson() throws IOException {
    String machine = states.createMachine("""
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}""");
    String execution = states.start(machine, "{\"k\": \"v\"}");
    states.idle();
    states.restart();
    assertEquals(machine, states.call("DescribeStateMachine", Json.object().put("stateMachineArn", machine))
        .get("stateMachineArn").textValue());
    assertEquals(parse("{\"k\": \"v\"}"), states.output(execution));
    try (Stream<Path> files = Files.walk(directory)) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      assertTrue(all.stream().noneMatch(file -> file.toString().endsWith(".tmp")), all.toString());
      assertTrue(all.stream().anyMatch(file -> file.endsWith(Path.of("executions", "machine-1", "run-2.json"))), all.toString());
      for (Path file : all) {
        Json.parse(Files.readString(file));
      }
    }
  }
}
