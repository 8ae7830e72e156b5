package com.modelregistry.local.states.asl;

/** A Succeed state: ends the execution successfully with its (filtered) input as output. */
public record SucceedState(String name, Path inputPath, Path outputPath) implements State {

  @Override
  public String type() {
    return "Succeed";
  }
}
