package com.modelregistry.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.states.asl.StatesError;

/** How a task's invocation ended: a result, or an error as Step Functions names it. */
record TaskOutcome(JsonNode result, StatesError error) {

  static TaskOutcome success(JsonNode result) {
    return new TaskOutcome(result, null);
  }

  static TaskOutcome failure(StatesError error) {
    return new TaskOutcome(null, error);
  }

  boolean failed() {
    return error != null;
  }
}
