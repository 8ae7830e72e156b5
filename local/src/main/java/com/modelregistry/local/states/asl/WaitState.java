package com.modelregistry.local.states.asl;

import java.time.Instant;

/** A Wait state: exactly one of {@code Seconds}, {@code Timestamp}, {@code SecondsPath}, {@code TimestampPath} is set. */
public record WaitState(
    String name,
    Path inputPath,
    Path outputPath,
    Long seconds,
    Instant timestamp,
    Path secondsPath,
    Path timestampPath,
    Transition transition) implements State {

  @Override
  public String type() {
    return "Wait";
  }
}
