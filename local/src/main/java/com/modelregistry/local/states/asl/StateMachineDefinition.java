package com.modelregistry.local.states.asl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A validated state machine: where it starts, its states by name, and its optional overall timeout. */
public record StateMachineDefinition(String startAt, Map<String, State> states, Integer timeoutSeconds) {

  public StateMachineDefinition {
    states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
  }

  public State state(String name) {
    State state = states.get(name);
    if (state == null) {
      throw new IllegalArgumentException("no state named " + name);
    }
    return state;
  }
}
