package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.aws.AwsServiceError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The buses, their rules and the rules' targets. The default bus and the template's buses and rules are
 * created at every start; what the API creates or changes is kept in {@code state.json} and laid over
 * them at the next start. Changes are serialized; matching reads an immutable {@link RuleMatcher} per bus.
 */
final class EventBusRegistry {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path stateFile;
  private final Clock clock;
  private final Map<String, EventBus> buses = new LinkedHashMap<>();
  private final Map<String, Map<String, EventRule>> rules = new LinkedHashMap<>();
  private volatile Map<String, RuleMatcher> matchers = Map.of();

  EventBusRegistry(Path stateFile, Clock clock) {
    this.stateFile = stateFile;
    this.clock = clock;
  }

  /** The default bus, then the template's buses and rules, then what the API persisted before. */
  synchronized void load(List<EventBus> templateBuses, List<EventRule> templateRules) {
    putBus(new EventBus(EventBridgeNames.DEFAULT_BUS, null, clock.instant(), true));
    templateBuses.forEach(this::putBus);
    templateRules.forEach(this::storeRule);
    loadPersisted();
    rebuildMatchers();
  }

  synchronized Optional<EventBus> bus(String name) {
    return Optional.ofNullable(buses.get(name));
  }

  synchronized List<EventBus> buses() {
    return List.copyOf(buses.values());
  }

  synchronized EventBus createBus(String name, String description) {
    if (buses.containsKey(name)) {
      throw new AwsServiceError("ResourceAlreadyExistsException", "Event bus " + name + " already exists.");
    }
    EventBus bus = new EventBus(name, description, clock.instant(), false);
    putBus(bus);
    persist();
    return bus;
  }

  synchronized void deleteBus(String name) {
    if (name.equals(EventBridgeNames.DEFAULT_BUS)) {
      throw new AwsServiceError("ValidationException", "Cannot delete event bus default.");
    }
    if (buses.remove(name) != null) {
      rules.remove(name);
      persist();
      rebuildMatchers();
    }
  }

  synchronized Optional<EventRule> rule(String bus, String name) {
    return Optional.ofNullable(existingBusRules(bus).get(name));
  }

  /** The bus's rules in creation order. */
  synchronized List<EventRule> rules(String bus) {
    return List.copyOf(existingBusRules(bus).values());
  }

  /** Creates or replaces a rule; an existing rule keeps its targets. */
  synchronized EventRule putRule(EventRule rule) {
    EventRule existing = existingBusRules(rule.busName()).get(rule.name());
    EventRule stored = existing == null ? rule : rule.withTargets(existing.targets());
    storeRule(stored);
    persist();
    rebuildMatchers();
    return stored;
  }

  synchronized void replaceRule(EventRule rule) {
    existingRule(rule.busName(), rule.name());
    storeRule(rule);
    persist();
    rebuildMatchers();
  }

  /** Deleting a rule that does not exist succeeds, as in AWS; one with targets needs {@code force}. */
  synchronized void deleteRule(String bus, String name, boolean force) {
    EventRule rule = existingBusRules(bus).get(name);
    if (rule == null) {
      return;
    }
    if (!rule.targets().isEmpty() && !force) {
      throw new AwsServiceError("ValidationException", "Rule can't be deleted since it has targets.");
    }
    rules.get(bus).remove(name);
    persist();
    rebuildMatchers();
  }

  /** The rule, or AWS's ResourceNotFoundException. */
  synchronized EventRule existingRule(String bus, String name) {
    EventRule rule = existingBusRules(bus).get(name);
    if (rule == null) {
      throw new AwsServiceError("ResourceNotFoundException", "Rule " + name + " does not exist on EventBus " + bus + ".");
    }
    return rule;
  }

  /** The rules of {@code bus} whose patterns match {@code event}; none for an unknown bus. */
  List<EventRule> matchingRules(String bus, JsonNode event) {
    RuleMatcher matcher = matchers.get(bus);
    if (matcher == null) {
      return List.of();
    }
    List<EventRule> matched = new ArrayList<>();
    synchronized (this) {
      Map<String, EventRule> busRules = rules.getOrDefault(bus, Map.of());
      for (String name : matcher.matchingRuleNames(event)) {
        EventRule rule = busRules.get(name);
        if (rule != null) {
          matched.add(rule);
        }
      }
    }
    return matched;
  }

  private Map<String, EventRule> existingBusRules(String bus) {
    if (!buses.containsKey(bus)) {
      throw new AwsServiceError("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
    }
    return rules.computeIfAbsent(bus, key -> new LinkedHashMap<>());
  }

  private void putBus(EventBus bus) {
    buses.put(bus.name(), bus);
    rules.computeIfAbsent(bus.name(), key -> new LinkedHashMap<>());
  }

  private void storeRule(EventRule rule) {
    existingBusRules(rule.busName()).put(rule.name(), rule);
  }

  private void rebuildMatchers() {
    Map<String, RuleMatcher> rebuilt = new LinkedHashMap<>();
    rules.forEach((bus, busRules) -> rebuilt.put(bus, RuleMatcher.of(busRules.values())));
    matchers = Map.copyOf(rebuilt);
  }

  private void loadPersisted() {
    if (!Files.exists(stateFile)) {
      return;
    }
    JsonNode state;
    try {
      state = JSON.readTree(stateFile.toFile());
    } catch (IOException e) {
      System.err.println("EventBridge: ignoring " + stateFile + ", which is not valid JSON (" + e.getMessage() + ")");
      return;
    }
    for (JsonNode bus : state.path("buses")) {
      if (!buses.containsKey(bus.path("name").asText())) {
        putBus(new EventBus(bus.path("name").asText(), textOrNull(bus, "description"),
            Instant.parse(bus.path("creationTime").asText()), false));
      }
    }
    for (JsonNode rule : state.path("rules")) {
      String bus = rule.path("bus").asText();
      if (!buses.containsKey(bus)) {
        System.err.println("EventBridge: dropping rule " + rule.path("name").asText() + " of " + stateFile
            + ": its event bus " + bus + " no longer exists");
        continue;
      }
      Map<String, EventTarget> targets = new LinkedHashMap<>();
      for (JsonNode target : rule.path("targets")) {
        targets.put(target.path("Id").asText(),
            new EventTarget(target.path("Id").asText(), target.path("Arn").asText(), (ObjectNode) target));
      }
      storeRule(new EventRule(rule.path("name").asText(), bus, textOrNull(rule, "eventPattern"),
          rule.path("state").asText(EventRule.ENABLED), textOrNull(rule, "description"), textOrNull(rule, "roleArn"),
          targets, false));
    }
  }

  /** Writes what the API made (not what the template makes) atomically to {@code state.json}. */
  private void persist() {
    ObjectNode state = JSON.createObjectNode();
    ArrayNode busList = state.putArray("buses");
    buses.values().stream().filter(bus -> !bus.fromTemplate()).forEach(bus -> {
      ObjectNode entry = busList.addObject();
      entry.put("name", bus.name());
      entry.put("description", bus.description());
      entry.put("creationTime", bus.creationTime().toString());
    });
    ArrayNode ruleList = state.putArray("rules");
    rules.values().forEach(busRules -> busRules.values().stream().filter(rule -> !rule.fromTemplate()).forEach(rule -> {
      ObjectNode entry = ruleList.addObject();
      entry.put("name", rule.name());
      entry.put("bus", rule.busName());
      entry.put("eventPattern", rule.eventPattern());
      entry.put("state", rule.state());
      entry.put("description", rule.description());
      entry.put("roleArn", rule.roleArn());
      ArrayNode targets = entry.putArray("targets");
      rule.targets().values().forEach(target -> targets.add(target.definition()));
    }));
    try {
      Files.createDirectories(stateFile.getParent());
      Path temporary = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
      Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
      Files.move(temporary, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("can't write " + stateFile, e);
    }
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
