package com.modelregistry.local.states.asl;

import java.util.List;

/** A Catcher: for the errors it names, go to {@code next} with the Error Output placed at {@code resultPath}. */
public record Catcher(List<String> errorEquals, String next, ReferencePath resultPath) {

  public Catcher {
    errorEquals = List.copyOf(errorEquals);
  }

  public boolean matches(String error) {
    return errorEquals.stream().anyMatch(pattern -> ErrorNames.matches(pattern, error));
  }
}
