package com.modelregistry.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.states.asl.Json;

/** One branch of a running Parallel state, or one iteration of a Map state. */
final class Branch {

  enum Status { PENDING, RUNNING, SUCCEEDED, FAILED, ABORTED }

  Status status;
  JsonNode input;
  JsonNode output;
  /** Where the branch stands while it runs. */
  Position position;

  static Branch pending(JsonNode input) {
    Branch branch = new Branch();
    branch.status = Status.PENDING;
    branch.input = input;
    return branch;
  }

  ObjectNode toJson() {
    ObjectNode json = Json.object();
    json.put("status", status.name());
    json.set("input", input);
    if (output != null) {
      json.set("output", output);
    }
    if (position != null) {
      json.set("position", position.toJson());
    }
    return json;
  }

  static Branch fromJson(JsonNode json) {
    Branch branch = new Branch();
    branch.status = Status.valueOf(json.get("status").textValue());
    branch.input = json.get("input");
    branch.output = json.get("output");
    branch.position = json.has("position") ? Position.fromJson(json.get("position")) : null;
    return branch;
  }
}
