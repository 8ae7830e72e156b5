package com.modelregistry.local.states.asl;

import java.util.List;

/**
 * A Parallel state: runs every branch (a state machine of its own) with the same effective input; its
 * result is the array of the branches' outputs, in branch order. If a branch fails, the state fails with
 * the branch's error and the other branches are stopped.
 */
public record ParallelState(
    String name,
    Path inputPath,
    PayloadTemplate parameters,
    List<StateMachineDefinition> branches,
    PayloadTemplate resultSelector,
    ReferencePath resultPath,
    Path outputPath,
    List<Retrier> retriers,
    List<Catcher> catchers,
    Transition transition) implements State, RetryingState {

  public ParallelState {
    branches = List.copyOf(branches);
    retriers = List.copyOf(retriers);
    catchers = List.copyOf(catchers);
  }

  @Override
  public String type() {
    return "Parallel";
  }
}
