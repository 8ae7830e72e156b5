package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Machine;

/**
 * The enabled rules of one bus, compiled into AWS's own EventBridge matcher (Event Ruler). Immutable: a
 * change to the bus's rules builds a new one, so matching never sees a half-applied change.
 */
final class RuleMatcher {

  private final Machine machine;

  private RuleMatcher(Machine machine) {
    this.machine = machine;
  }

  static RuleMatcher of(Collection<EventRule> rules) {
    Machine machine = new Machine();
    for (EventRule rule : rules) {
      if (rule.matchesEvents()) {
        try {
          machine.addRule(rule.name(), rule.eventPattern());
        } catch (IOException | RuntimeException e) {
          // Patterns are checked with problemWith() before a rule is stored; this is a bug, not user input.
          throw new IllegalStateException("rule " + rule.name() + " has an invalid pattern: " + e.getMessage(), e);
        }
      }
    }
    return new RuleMatcher(machine);
  }

  /** Why {@code pattern} is not a valid EventBridge event pattern, or null when it is one. */
  static String problemWith(String pattern) {
    try {
      String problem = JsonRuleCompiler.check(pattern);
      return problem == null ? null : problem.replaceAll("\\s*\\R\\s*", " ");
    } catch (RuntimeException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  /** The names of the rules whose pattern matches {@code event} (the event as EventBridge delivers it). */
  List<String> matchingRuleNames(JsonNode event) {
    return new ArrayList<>(new LinkedHashSet<>(machine.rulesForJSONEvent(event)));
  }
}
