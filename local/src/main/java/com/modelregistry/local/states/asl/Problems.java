package com.modelregistry.local.states.asl;

import java.util.ArrayList;
import java.util.List;

/** The problems found in a definition so far; all of them are reported at once. */
final class Problems {

  private final List<InvalidDefinitionException.Problem> found = new ArrayList<>();

  void add(String code, String message, String location) {
    found.add(new InvalidDefinitionException.Problem(code, message, location));
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  List<InvalidDefinitionException.Problem> list() {
    return found;
  }

  InvalidDefinitionException exception() {
    return new InvalidDefinitionException(found);
  }

  /** A Path, or null after adding the problem. */
  Path path(String text, String location) {
    try {
      return Path.parse(text);
    } catch (IllegalArgumentException e) {
      add("SCHEMA_VALIDATION_FAILED", "The value must be a valid JSONPath: " + e.getMessage(), location);
      return null;
    }
  }

  /** A JSON pointer segment for a field name. */
  static String pointer(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
