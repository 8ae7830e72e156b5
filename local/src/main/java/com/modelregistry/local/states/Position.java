package com.modelregistry.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.states.asl.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The current state of a running execution (or of one of its Parallel branches or Map iterations) and
 * everything needed to resume it after a restart: the state's raw input, its phase and deadlines, the
 * retry counters (one per Retrier, plus the total that {@code $$.State.RetryCount} shows), the attempt
 * (unique within the execution), a task's effective input and token, a Parallel or Map state's branches.
 */
final class Position {

  String state;
  Phase phase;
  JsonNode rawInput;
  long enteredEventId;
  Instant enteredTime;
  /** The current attempt of a Task, Parallel or Map state: unique within the execution. */
  long attempt;
  int retryCount;
  int[] retrierAttempts = new int[0];
  Instant wakeAt;
  Instant timeoutAt;
  Instant heartbeatAt;
  Integer timeoutSeconds;
  Integer heartbeatSeconds;
  String taskToken;
  JsonNode taskParameters;
  /** A Wait state's effective input (after InputPath), its output once the wait is over. */
  JsonNode waitInput;
  /** A Parallel or Map state's branches (iterations) while it waits for them. */
  List<Branch> branches;
  /** A Map state's concurrency limit for its current attempt (0: none). */
  int maxConcurrency;

  static Position ready(String state, JsonNode rawInput) {
    Position position = new Position();
    position.state = state;
    position.rawInput = rawInput;
    position.phase = Phase.READY;
    return position;
  }

  void moveTo(Phase next) {
    phase = next;
  }

  boolean inTask() {
    return phase == Phase.TASK_RUNNING || phase == Phase.TASK_CALLBACK;
  }

  ObjectNode toJson() {
    ObjectNode json = Json.object();
    json.put("state", state);
    json.put("phase", phase.name());
    json.set("rawInput", rawInput);
    json.put("enteredEventId", enteredEventId);
    putInstant(json, "enteredTime", enteredTime);
    json.put("attempt", attempt);
    json.put("retryCount", retryCount);
    Arrays.stream(retrierAttempts).forEach(json.putArray("retrierAttempts")::add);
    putInstant(json, "wakeAt", wakeAt);
    putInstant(json, "timeoutAt", timeoutAt);
    putInstant(json, "heartbeatAt", heartbeatAt);
    if (timeoutSeconds != null) {
      json.put("timeoutSeconds", timeoutSeconds);
    }
    if (heartbeatSeconds != null) {
      json.put("heartbeatSeconds", heartbeatSeconds);
    }
    if (taskToken != null) {
      json.put("taskToken", taskToken);
    }
    if (taskParameters != null) {
      json.set("taskParameters", taskParameters);
    }
    if (waitInput != null) {
      json.set("waitInput", waitInput);
    }
    if (branches != null) {
      branches.forEach(branch -> json.withArray("branches").add(branch.toJson()));
      json.put("maxConcurrency", maxConcurrency);
    }
    return json;
  }

  static Position fromJson(JsonNode json) {
    Position position = new Position();
    position.state = json.get("state").textValue();
    position.phase = Phase.valueOf(json.get("phase").textValue());
    position.rawInput = json.get("rawInput");
    position.enteredEventId = json.path("enteredEventId").longValue();
    position.enteredTime = instant(json, "enteredTime");
    position.attempt = json.path("attempt").longValue();
    position.retryCount = json.path("retryCount").intValue();
    JsonNode counters = json.path("retrierAttempts");
    position.retrierAttempts = new int[counters.size()];
    for (int i = 0; i < counters.size(); i++) {
      position.retrierAttempts[i] = counters.get(i).intValue();
    }
    position.wakeAt = instant(json, "wakeAt");
    position.timeoutAt = instant(json, "timeoutAt");
    position.heartbeatAt = instant(json, "heartbeatAt");
    position.timeoutSeconds = json.has("timeoutSeconds") ? json.get("timeoutSeconds").intValue() : null;
    position.heartbeatSeconds = json.has("heartbeatSeconds") ? json.get("heartbeatSeconds").intValue() : null;
    position.taskToken = json.has("taskToken") ? json.get("taskToken").textValue() : null;
    position.taskParameters = json.get("taskParameters");
    position.waitInput = json.get("waitInput");
    if (json.has("branches")) {
      position.branches = new ArrayList<>();
      json.get("branches").forEach(branch -> position.branches.add(Branch.fromJson(branch)));
      position.maxConcurrency = json.path("maxConcurrency").intValue();
    }
    return position;
  }

  private static void putInstant(ObjectNode json, String field, Instant value) {
    if (value != null) {
      json.put(field, value.toString());
    }
  }

  private static Instant instant(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? null : Instant.parse(value.textValue());
  }
}
