package com.modelregistry.local.states;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.states.asl.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Step Functions service on a temporary directory with a clock that stands still (tests advance it)
 * and test Lambda functions; helpers to create machines, start executions and read their outcome.
 */
final class StatesHarness implements AutoCloseable {

  static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

  final Path directory;
  final LocalClock clock;
  final TestLambdas lambdas;
  StepFunctionsService service;
  private final AtomicInteger names = new AtomicInteger();

  StatesHarness(Path directory) {
    this(directory, LocalClock.fixed(START), new TestLambdas());
  }

  StatesHarness(Path directory, LocalClock clock, TestLambdas lambdas) {
    this.directory = directory;
    this.clock = clock;
    this.lambdas = lambdas;
    this.service = StepFunctionsService.start(directory, lambdas, clock);
  }

  /** Closes the service and opens a new one on the same directory, as a restart of the runtime would. */
  void restart() {
    service.close();
    service = StepFunctionsService.start(directory, lambdas, clock);
  }

  JsonNode call(String operation, String json) {
    try {
      return service.handle(operation, Json.parse(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  JsonNode call(String operation, JsonNode request) {
    return service.handle(operation, request);
  }

  String createMachine(String definition) {
    ObjectNode request = Json.object().put("name", "machine-" + names.incrementAndGet()).put("definition", definition)
        .put("roleArn", "arn:aws:iam::000000000000:role/test");
    return call("CreateStateMachine", request).get("stateMachineArn").textValue();
  }

  String start(String machineArn, String input) {
    ObjectNode request = Json.object().put("stateMachineArn", machineArn).put("input", input)
        .put("name", "run-" + names.incrementAndGet());
    return call("StartExecution", request).get("executionArn").textValue();
  }

  /** Creates the machine, runs it with the input until nothing is under way, and describes the execution. */
  JsonNode run(String definition, String input) {
    String execution = start(createMachine(definition), input);
    idle();
    return describe(execution);
  }

  JsonNode describe(String executionArn) {
    return call("DescribeExecution", Json.object().put("executionArn", executionArn));
  }

  String status(String executionArn) {
    return describe(executionArn).get("status").textValue();
  }

  JsonNode output(String executionArn) {
    return parse(describe(executionArn).get("output").textValue());
  }

  List<JsonNode> events(String executionArn) {
    List<JsonNode> events = new ArrayList<>();
    call("GetExecutionHistory", Json.object().put("executionArn", executionArn).put("maxResults", 1000))
        .get("events").forEach(events::add);
    return events;
  }

  List<String> eventTypes(String executionArn) {
    return events(executionArn).stream().map(event -> event.get("type").textValue()).toList();
  }

  void advance(Duration duration) {
    clock.advance(duration);
    idle();
  }

  void idle() {
    assertTrue(service.awaitIdle(Duration.ofSeconds(20)), "the service did not become idle");
  }

  static JsonNode parse(String json) {
    try {
      return Json.parse(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public void close() {
    service.close();
  }
}
