package com.modelregistry.local.streams;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import software.amazon.event.ruler.Machine;

/**
 * Lambda's event filtering for a mapping: a record is sent when it matches one of the
 * {@code FilterCriteria} patterns (EventBridge pattern syntax, matched against the record as the function
 * would get it, by AWS's Event Ruler); without patterns, every record is sent.
 */
final class RecordFilter {

  private final Machine machine;

  private RecordFilter(Machine machine) {
    this.machine = machine;
  }

  /** @param patterns checked when the template was read ({@code FilterCriteria.Filters[].Pattern}) */
  static RecordFilter of(List<String> patterns) {
    if (patterns.isEmpty()) {
      return new RecordFilter(null);
    }
    Machine machine = new Machine();
    for (int i = 0; i < patterns.size(); i++) {
      try {
        machine.addRule("filter-" + i, patterns.get(i));
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("filter pattern " + patterns.get(i) + " is invalid: " + e.getMessage(), e);
      }
    }
    return new RecordFilter(machine);
  }

  boolean matches(JsonNode record) {
    return machine == null || !machine.rulesForJSONEvent(record).isEmpty();
  }
}
