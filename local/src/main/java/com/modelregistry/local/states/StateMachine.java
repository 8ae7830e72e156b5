package com.modelregistry.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.states.asl.Json;
import java.time.Instant;

/** A state machine as CreateStateMachine made it and DescribeStateMachine shows it. */
final class StateMachine {

  String arn;
  String name;
  String definition;
  String roleArn;
  String type;
  Instant creationDate;
  Instant updateDate;
  String revisionId;
  JsonNode loggingConfiguration;
  JsonNode tracingConfiguration;

  ObjectNode toJson() {
    ObjectNode json = Json.object();
    json.put("stateMachineArn", arn);
    json.put("name", name);
    json.put("definition", definition);
    json.put("roleArn", roleArn);
    json.put("type", type);
    json.put("creationDate", creationDate.toString());
    json.put("updateDate", updateDate == null ? null : updateDate.toString());
    json.put("revisionId", revisionId);
    json.set("loggingConfiguration", loggingConfiguration);
    json.set("tracingConfiguration", tracingConfiguration);
    return json;
  }

  static StateMachine fromJson(JsonNode json) {
    StateMachine machine = new StateMachine();
    machine.arn = json.get("stateMachineArn").textValue();
    machine.name = json.get("name").textValue();
    machine.definition = json.get("definition").textValue();
    machine.roleArn = json.path("roleArn").textValue();
    machine.type = json.path("type").asText("STANDARD");
    machine.creationDate = Instant.parse(json.get("creationDate").textValue());
    machine.updateDate = json.path("updateDate").isTextual() ? Instant.parse(json.get("updateDate").textValue()) : null;
    machine.revisionId = json.path("revisionId").textValue();
    machine.loggingConfiguration = json.get("loggingConfiguration");
    machine.tracingConfiguration = json.get("tracingConfiguration");
    return machine;
  }
}
