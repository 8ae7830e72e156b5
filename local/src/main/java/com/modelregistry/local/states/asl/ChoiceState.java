package com.modelregistry.local.states.asl;

import java.util.List;

/** A Choice state: goes to the {@code Next} of the first rule that holds, else to {@code Default}. */
public record ChoiceState(
    String name,
    Path inputPath,
    Path outputPath,
    List<Choice> choices,
    String defaultNext) implements State {

  public ChoiceState {
    choices = List.copyOf(choices);
  }

  @Override
  public String type() {
    return "Choice";
  }

  /** A top-level Choice Rule and the state it leads to. */
  public record Choice(ChoiceRule rule, String next) {}
}
