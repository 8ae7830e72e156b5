package com.modelregistry.local.states;

import static com.modelregistry.local.states.StatesHarness.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.states.asl.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choice and Wait states in running executions; waits are measured on the test's clock, never slept. */
class ChoiceAndWaitTest {

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

  /** The spec's Choice example. */
  private static final String SPEC_CHOICE = """
      {"StartAt": "ChoiceStateX", "States": {
        "ChoiceStateX": {"Type": "Choice", "Choices": [
            {"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
            {"And": [{"Variable": "$.value", "IsPresent": true}, {"Variable": "$.value", "IsNumeric": true},
                     {"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 30}],
             "Next": "ValueInTwenties"}],
          "Default": "DefaultState"},
        "Public": {"Type": "Pass", "Result": "Public", "End": true},
        "ValueInTwenties": {"Type": "Pass", "Result": "ValueInTwenties", "End": true},
        "DefaultState": {"Type": "Fail", "Error": "DefaultStateError", "Cause": "No Matches!"}}}""";

  @Test
  void theSpecChoiceExampleTakesEachBranch() {
    String machine = states.createMachine(SPEC_CHOICE);
    String publicRun = states.start(machine, "{\"type\": \"Public\"}");
    String twenties = states.start(machine, "{\"type\": \"Private\", \"value\": 22}");
    String other = states.start(machine, "{\"type\": \"Private\", \"value\": \"22\"}");
    states.idle();
    assertEquals(parse("\"Public\""), states.output(publicRun));
    assertEquals(parse("\"ValueInTwenties\""), states.output(twenties));
    JsonNode failed = states.describe(other);
    assertEquals("FAILED", failed.get("status").textValue());
    assertEquals("DefaultStateError", failed.get("error").textValue());
    assertEquals("No Matches!", failed.get("cause").textValue());
  }

  @Test
  void noMatchWithoutDefaultFailsWithNoChoiceMatched() {
    JsonNode execution = states.run("""
        {"StartAt": "C", "States": {
          "C": {"Type": "Choice", "Choices": [{"Variable": "$.v", "NumericEquals": 1, "Next": "S"}]},
          "S": {"Type": "Succeed"}}}""", "{\"v\": 2}");
    assertEquals("FAILED", execution.get("status").textValue());
    assertEquals("States.NoChoiceMatched", execution.get("error").textValue());
  }

  @Test
  void aMissingVariableFailsTheExecutionWithStatesRuntime() {
    JsonNode execution = states.run("""
        {"StartAt": "C", "States": {
          "C": {"Type": "Choice", "Choices": [{"Variable": "$.v", "NumericEquals": 1, "Next": "S"}], "Default": "S"},
          "S": {"Type": "Succeed"}}}""", "{}");
    assertEquals("FAILED", execution.get("status").textValue());
    assertEquals("States.Runtime", execution.get("error").textValue());
    assertEquals("An error occurred while executing the state 'C' (entered at the event id #2). Invalid path '$.v': "
        + "The choice state's condition path references an invalid value.", execution.get("cause").textValue());
  }

  @Test
  void choiceOutputIsItsInputThroughInputPathAndOutputPath() {
    JsonNode execution = states.run("""
        {"StartAt": "C", "States": {
          "C": {"Type": "Choice", "InputPath": "$.in", "OutputPath": "$.keep",
                "Choices": [{"Variable": "$.flag", "BooleanEquals": true, "Next": "S"}]},
          "S": {"Type": "Succeed"}}}""", "{\"in\": {\"flag\": true, \"keep\": {\"k\": 1}}, \"drop\": 2}");
    assertEquals(parse("{\"k\": 1}"), parse(execution.get("output").textValue()));
  }

  @Test
  void waitSecondsEndsWhenTheClockGetsThere() {
    String execution = states.start(states.createMachine("""
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "Next": "S"}, "S": {"Type": "Succeed"}}}"""),
        "{\"a\": 1}");
    states.idle();
    states.advance(Duration.ofSeconds(9));
    assertEquals("RUNNING", states.status(execution));
    states.advance(Duration.ofSeconds(1));
    assertEquals("SUCCEEDED", states.status(execution));
    List<JsonNode> events = states.events(execution);
    assertEquals("WaitStateExited", events.get(2).get("type").textValue());
    assertEquals(10.0, events.get(2).get("timestamp").doubleValue() - events.get(1).get("timestamp").doubleValue(), 0.0001);
  }

  @Test
  void waitTimestampAndTimestampPath() {
    String machine = states.createMachine("""
        {"StartAt": "Fixed", "States": {
          "Fixed": {"Type": "Wait", "Timestamp": "2026-01-05T10:01:00Z", "Next": "FromInput"},
          "FromInput": {"Type": "Wait", "TimestampPath": "$.until", "End": true}}}""");
    String execution = states.start(machine, "{\"until\": \"2026-01-05T11:00:00+01:00\"}");
    states.idle();
    states.advance(Duration.ofSeconds(59));
    assertEquals(List.of("ExecutionStarted", "WaitStateEntered"), states.eventTypes(execution));
    states.advance(Duration.ofSeconds(1));
    assertEquals("WaitStateEntered", states.eventTypes(execution).get(3)); // FromInput: the same instant, reached
    states.idle();
    assertEquals("SUCCEEDED", states.status(execution));
  }

  @Test
  void aTimestampInThePastDoesNotWait() {
    JsonNode execution = states.run("""
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2000-01-01T00:00:00Z", "End": true}}}""", "{}");
    assertEquals("SUCCEEDED", execution.get("status").textValue());
  }

  @Test
  void waitSecondsPathWithInputAndOutputPath() {
    String execution = states.start(states.createMachine("""
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "InputPath": "$.wait", "SecondsPath": "$.seconds",
          "OutputPath": "$.then", "End": true}}}"""), "{\"wait\": {\"seconds\": 30, \"then\": \"done\"}}");
    states.idle();
    states.advance(Duration.ofSeconds(29));
    assertEquals("RUNNING", states.status(execution));
    states.advance(Duration.ofSeconds(1));
    assertEquals(parse("\"done\""), states.output(execution));
  }

  @Test
  void anInvalidSecondsPathOrTimestampPathValueIsStatesRuntime() {
    for (String wait : List.of("\"SecondsPath\": \"$.v\"", "\"TimestampPath\": \"$.v\"")) {
      for (String input : List.of("{\"v\": -1}", "{\"v\": \"soon\"}", "{\"v\": 1.5}")) {
        JsonNode execution = states.run("""
            {"StartAt": "W", "States": {"W": {"Type": "Wait", %s, "End": true}}}""".formatted(wait), input);
        assertEquals("States.Runtime", execution.get("error").textValue(), wait + " " + input);
      }
    }
  }

  @Test
  void executionTimeoutSecondsTimesTheExecutionOut() {
    String execution = states.start(states.createMachine("""
        {"TimeoutSeconds": 10, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 100, "End": true}}}"""), "{}");
    states.idle();
    states.advance(Duration.ofSeconds(10));
    JsonNode description = states.describe(execution);
    assertEquals("TIMED_OUT", description.get("status").textValue());
    assertEquals("States.Timeout", description.get("error").textValue());
    assertEquals(List.of("ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut"), states.eventTypes(execution));
    states.advance(Duration.ofSeconds(100));
    assertEquals(3, states.events(execution).size());
  }

  @Test
  void stoppingAWaitingExecutionAbortsItsWait() {
    String execution = states.start(states.createMachine("""
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 100, "End": true}}}"""), "{}");
    states.idle();
    JsonNode stop = states.call("StopExecution", Json.object().put("executionArn", execution).put("error", "Halted")
        .put("cause", "by the test"));
    assertTrue(stop.has("stopDate"));
    JsonNode description = states.describe(execution);
    assertEquals("ABORTED", description.get("status").textValue());
    assertEquals("Halted", description.get("error").textValue());
    assertEquals(List.of("ExecutionStarted", "WaitStateEntered", "WaitStateAborted", "ExecutionAborted"),
        states.eventTypes(execution));
    assertEquals(parse("{\"error\": \"Halted\", \"cause\": \"by the test\"}"),
        states.events(execution).get(3).get("executionAbortedEventDetails"));
    states.advance(Duration.ofSeconds(100));
    assertEquals(4, states.events(execution).size());
  }
}
