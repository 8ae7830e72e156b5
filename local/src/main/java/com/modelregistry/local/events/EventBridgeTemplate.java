package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.sam.LocalStack;
import com.modelregistry.local.sam.SamTemplate;
import com.modelregistry.local.sam.TemplateException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The template's EventBridge resources: {@code AWS::Events::EventBus}, {@code AWS::Events::Rule} (with
 * EventPattern, EventBusName, State, Targets) and the rules SAM generates for a function's
 * {@code EventBridgeRule} and {@code CloudWatchEvent} events (Pattern, EventBusName, Input, InputPath,
 * RuleName, State, Target.Id), named and wired as SAM and CloudFormation would.
 */
final class EventBridgeTemplate {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_RULE_NAME = 64;

  private final SamTemplate template;

  EventBridgeTemplate(SamTemplate template) {
    this.template = template;
  }

  List<EventBus> buses(Instant now) {
    List<EventBus> buses = new ArrayList<>();
    template.resourceProperties("AWS::Events::EventBus").forEach((logicalId, properties) -> {
      String name = inContext(logicalId, () -> template.resolve(Map.of("Ref", logicalId)));
      Object description = properties.get("Description");
      buses.add(new EventBus(name, description == null ? null : template.resolve(description), now, true));
    });
    return buses;
  }

  List<EventRule> rules() {
    List<EventRule> rules = new ArrayList<>();
    template.resourceProperties("AWS::Events::Rule").forEach((logicalId, properties) ->
        inContext(logicalId, () -> addRule(rules, logicalId, properties)));
    template.resourceProperties("AWS::Serverless::Function").forEach((functionId, properties) -> {
      Object events = properties.get("Events");
      if (events instanceof Map<?, ?> eventMap) {
        eventMap.forEach((eventName, event) -> {
          if (event instanceof Map<?, ?> definition
              && ("EventBridgeRule".equals(definition.get("Type")) || "CloudWatchEvent".equals(definition.get("Type")))) {
            inContext(functionId + ".Events." + eventName, () ->
                addFunctionRule(rules, functionId, String.valueOf(eventName), map(definition.get("Properties"))));
          }
        });
      }
    });
    return rules;
  }

  private Object addRule(List<EventRule> rules, String logicalId, Map<String, Object> properties) {
    if (properties.containsKey("ScheduleExpression") && !properties.containsKey("EventPattern")) {
      System.err.println("EventBridge: rule " + logicalId + " has only a ScheduleExpression; the local runtime "
          + "matches events only, so it is not created");
      return null;
    }
    String name = properties.containsKey("Name") ? template.resolve(properties.get("Name")) : generatedName(logicalId);
    String bus = busName(properties.get("EventBusName"));
    Map<String, EventTarget> targets = new LinkedHashMap<>();
    Object targetList = properties.get("Targets");
    if (targetList instanceof List<?> list) {
      for (Object element : list) {
        ObjectNode definition = (ObjectNode) resolveDeep(element);
        String id = definition.path("Id").asText();
        String arn = definition.path("Arn").asText();
        checkTarget(id, arn, definition);
        targets.put(id, new EventTarget(id, arn, definition));
      }
    } else if (targetList != null) {
      throw new TemplateException("Targets must be a list");
    }
    rules.add(new EventRule(name, bus, pattern(properties.get("EventPattern"), "EventPattern"), state(properties),
        properties.containsKey("Description") ? template.resolve(properties.get("Description")) : null,
        properties.containsKey("RoleArn") ? template.resolve(properties.get("RoleArn")) : null, targets, true));
    return null;
  }

  private Object addFunctionRule(List<EventRule> rules, String functionId, String eventName,
      Map<String, Object> properties) {
    String ruleLogicalId = functionId + eventName;
    String name = properties.containsKey("RuleName") ? template.resolve(properties.get("RuleName"))
        : generatedName(ruleLogicalId);
    Map<String, Object> target = map(properties.get("Target"));
    String id = target.containsKey("Id") ? template.resolve(target.get("Id")) : ruleLogicalId + "LambdaTarget";
    ObjectNode definition = JsonNodeFactory.instance.objectNode();
    definition.put("Id", id);
    definition.put("Arn", template.resolve(Map.of("Fn::GetAtt", List.of(functionId, "Arn"))));
    for (String member : List.of("Input", "InputPath")) {
      if (properties.containsKey(member)) {
        definition.put(member, template.resolve(properties.get(member)));
      }
    }
    checkTarget(id, definition.path("Arn").asText(), definition);
    rules.add(new EventRule(name, busName(properties.get("EventBusName")), pattern(properties.get("Pattern"), "Pattern"),
        state(properties), null, null, Map.of(id, new EventTarget(id, definition.path("Arn").asText(), definition)),
        true));
    return null;
  }

  /** CloudFormation names an unnamed rule after the stack and the logical id (plus a random suffix on AWS). */
  private static String generatedName(String logicalId) {
    String name = LocalStack.STACK_NAME + "-" + logicalId;
    return name.length() <= MAX_RULE_NAME ? name : name.substring(0, MAX_RULE_NAME);
  }

  private String busName(Object value) {
    try {
      return EventBridgeNames.busName(value == null ? null : template.resolve(value), "EventBusName");
    } catch (AwsServiceError e) {
      throw new TemplateException("EventBusName: " + e.getMessage());
    }
  }

  private String state(Map<String, Object> properties) {
    return properties.containsKey("State") ? template.resolve(properties.get("State")) : EventRule.ENABLED;
  }

  /** The pattern as JSON text: written as YAML (with intrinsics inside) or as a JSON string. */
  private String pattern(Object value, String property) {
    if (value == null) {
      throw new TemplateException(property + " is missing");
    }
    String pattern;
    if (value instanceof String text) {
      pattern = text;
    } else {
      pattern = resolveDeep(value).toString();
    }
    String problem = RuleMatcher.problemWith(pattern);
    if (problem != null) {
      throw new TemplateException(property + " is not a valid event pattern: " + problem);
    }
    return pattern;
  }

  private static void checkTarget(String id, String arn, ObjectNode definition) {
    try {
      EventBridgeNames.targetId(id, "Targets[].Id");
    } catch (AwsServiceError e) {
      throw new TemplateException("target " + id + ": " + e.getMessage());
    }
    String problem = TargetKind.problemWith(arn);
    if (problem == null && definition.hasNonNull("InputTransformer")) {
      problem = "InputTransformer is not supported by the local runtime; use Input or InputPath";
    }
    if (problem == null && definition.hasNonNull("Input")) {
      problem = TargetInput.problemWithInput(definition.path("Input").asText());
    }
    if (problem == null && definition.hasNonNull("InputPath")) {
      problem = TargetInput.problemWithPath(definition.path("InputPath").asText());
    }
    if (problem != null) {
      throw new TemplateException("target " + id + ": " + problem);
    }
  }

  /** A template value as JSON: intrinsics resolved to strings, numbers and booleans kept. */
  private JsonNode resolveDeep(Object value) {
    if (value instanceof Map<?, ?> map) {
      if (map.size() == 1) {
        String key = String.valueOf(map.keySet().iterator().next());
        if (key.equals("Ref") || key.startsWith("Fn::")) {
          return JsonNodeFactory.instance.textNode(template.resolve(value));
        }
      }
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      map.forEach((key, element) -> object.set(String.valueOf(key), resolveDeep(element)));
      return object;
    }
    if (value instanceof List<?> list) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      list.forEach(element -> array.add(resolveDeep(element)));
      return array;
    }
    return JSON.valueToTree(value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map)) {
      throw new TemplateException("expected a mapping, got " + value);
    }
    return (Map<String, Object>) value;
  }

  private <T> T inContext(String where, Supplier<T> reader) {
    try {
      return reader.get();
    } catch (TemplateException e) {
      throw new TemplateException(template.source() + ": " + where + ": " + e.getMessage());
    }
  }
}
