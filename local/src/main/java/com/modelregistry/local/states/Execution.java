package com.modelregistry.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.states.asl.DefinitionParser;
import com.modelregistry.local.states.asl.Json;
import com.modelregistry.local.states.asl.StateMachineDefinition;
import java.time.Instant;

/**
 * One execution: what DescribeExecution shows, its history, the definition it started with (updating the
 * state machine doesn't change running executions) and, while it runs, its {@link Position}.
 */
final class Execution {

  static final String RUNNING = "RUNNING";
  static final String SUCCEEDED = "SUCCEEDED";
  static final String FAILED = "FAILED";
  static final String TIMED_OUT = "TIMED_OUT";
  static final String ABORTED = "ABORTED";

  String executionArn;
  String stateMachineArn;
  String stateMachineName;
  String name;
  String definitionText;
  String roleArn;
  String status;
  /** The input as given to StartExecution (returned verbatim by DescribeExecution). */
  String inputText;
  JsonNode input;
  JsonNode output;
  String error;
  String cause;
  Instant startDate;
  Instant stopDate;
  History history = new History();
  Position position;
  /** Numbers attempts, so that a late task result or timer can't be mistaken for a newer attempt's. */
  long sequence;
  private StateMachineDefinition definition;

  boolean running() {
    return RUNNING.equals(status);
  }

  StateMachineDefinition definition() {
    if (definition == null) {
      definition = DefinitionParser.parse(definitionText);
    }
    return definition;
  }

  ObjectNode toJson() {
    ObjectNode json = Json.object();
    json.put("executionArn", executionArn);
    json.put("stateMachineArn", stateMachineArn);
    json.put("stateMachineName", stateMachineName);
    json.put("name", name);
    json.put("definition", definitionText);
    json.put("roleArn", roleArn);
    json.put("status", status);
    json.put("input", inputText);
    json.set("output", output);
    json.put("error", error);
    json.put("cause", cause);
    json.put("startDate", startDate.toString());
    json.put("stopDate", stopDate == null ? null : stopDate.toString());
    if (position != null) {
      json.set("position", position.toJson());
    }
    json.put("sequence", sequence);
    json.set("events", history.toJson());
    return json;
  }

  static Execution fromJson(JsonNode json) {
    Execution execution = new Execution();
    execution.executionArn = json.get("executionArn").textValue();
    execution.stateMachineArn = json.get("stateMachineArn").textValue();
    execution.stateMachineName = json.get("stateMachineName").textValue();
    execution.name = json.get("name").textValue();
    execution.definitionText = json.get("definition").textValue();
    execution.roleArn = json.path("roleArn").textValue();
    execution.status = json.get("status").textValue();
    execution.inputText = json.get("input").textValue();
    execution.input = parse(execution.inputText);
    execution.output = json.get("output") == null || json.get("output").isNull() ? null : json.get("output");
    execution.error = json.path("error").textValue();
    execution.cause = json.path("cause").textValue();
    execution.startDate = Instant.parse(json.get("startDate").textValue());
    execution.stopDate = json.path("stopDate").isTextual() ? Instant.parse(json.get("stopDate").textValue()) : null;
    execution.position = json.has("position") ? Position.fromJson(json.get("position")) : null;
    execution.sequence = json.path("sequence").longValue();
    execution.history = History.fromJson(json.get("events"));
    return execution;
  }

  private static JsonNode parse(String text) {
    try {
      return Json.parse(text);
    } catch (Exception e) {
      throw new IllegalStateException("stored execution input is not JSON: " + e.getMessage(), e);
    }
  }
}
