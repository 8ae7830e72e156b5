package com.modelregistry.local.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** A Pass state: passes its input (or its {@code Result}) to its output, through the usual filters. */
public record PassState(
    String name,
    Path inputPath,
    PayloadTemplate parameters,
    JsonNode result,
    ReferencePath resultPath,
    Path outputPath,
    Transition transition) implements State {

  @Override
  public String type() {
    return "Pass";
  }
}
