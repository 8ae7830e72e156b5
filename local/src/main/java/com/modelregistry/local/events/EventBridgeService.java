package com.modelregistry.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.aws.AwsJsonService;
import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.sam.LocalStack;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EventBridge's API (awsJson1_1, {@code X-Amz-Target: AWSEvents.<Operation>}) over the local buses:
 * PutEvents; PutRule, DescribeRule, DeleteRule, ListRules, EnableRule, DisableRule; PutTargets,
 * RemoveTargets, ListTargetsByRule; CreateEventBus, DeleteEventBus, DescribeEventBus, ListEventBuses;
 * TestEventPattern. Scheduled rules are refused ({@code ValidationException}): the local runtime only
 * matches events.
 */
final class EventBridgeService implements AwsJsonService {

  static final String TARGET_PREFIX = "AWSEvents";

  /** Strict: text after the JSON value makes it invalid, as for AWS's parsers. */
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final int MAX_TARGETS_PER_RULE = 5;
  private static final Set<String> RULE_STATES =
      Set.of("ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
  private static final List<String> OPERATIONS = List.of("PutEvents", "PutRule", "DescribeRule", "DeleteRule",
      "ListRules", "EnableRule", "DisableRule", "PutTargets", "RemoveTargets", "ListTargetsByRule", "CreateEventBus",
      "DeleteEventBus", "DescribeEventBus", "ListEventBuses", "TestEventPattern");

  private final EventBusRegistry registry;
  private final EventPublisher publisher;

  EventBridgeService(EventBusRegistry registry, EventPublisher publisher) {
    this.registry = registry;
    this.publisher = publisher;
  }

  @Override
  public String targetPrefix() {
    return TARGET_PREFIX;
  }

  @Override
  public String contentType() {
    return "application/x-amz-json-1.1";
  }

  @Override
  public String displayName() {
    return "EventBridge";
  }

  @Override
  public JsonNode handle(String operation, JsonNode input) {
    return switch (operation) {
      case "PutEvents" -> publisher.putEvents(input);
      case "PutRule" -> putRule(input);
      case "DescribeRule" -> describeRule(input);
      case "DeleteRule" -> deleteRule(input);
      case "ListRules" -> listRules(input);
      case "EnableRule" -> setState(input, "ENABLED");
      case "DisableRule" -> setState(input, "DISABLED");
      case "PutTargets" -> putTargets(input);
      case "RemoveTargets" -> removeTargets(input);
      case "ListTargetsByRule" -> listTargetsByRule(input);
      case "CreateEventBus" -> createEventBus(input);
      case "DeleteEventBus" -> deleteEventBus(input);
      case "DescribeEventBus" -> registry.bus(existingBus(input, "Name")).orElseThrow().toJson();
      case "ListEventBuses" -> listEventBuses(input);
      case "TestEventPattern" -> testEventPattern(input);
      default -> throw new AwsServiceError("UnknownOperationException", "the local EventBridge does not support "
          + operation + " (it supports " + String.join(", ", OPERATIONS) + ")");
    };
  }

  private ObjectNode putRule(JsonNode input) {
    String name = EventBridgeNames.ruleName(RequestFields.text(input, "Name"), "name");
    String bus = existingBus(input, "EventBusName");
    String pattern = RequestFields.text(input, "EventPattern");
    String schedule = RequestFields.text(input, "ScheduleExpression");
    if (pattern == null && schedule == null) {
      throw new AwsServiceError("ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified.");
    }
    if (schedule != null) {
      throw new AwsServiceError("ValidationException", "ScheduleExpression is not supported by the local runtime: "
          + "its rules match events (EventPattern) only.");
    }
    checkPattern(pattern);
    String state = RequestFields.text(input, "State");
    if (state == null) {
      state = EventRule.ENABLED;
    } else if (!RULE_STATES.contains(state)) {
      throw new AwsServiceError("ValidationException", "1 validation error detected: Value '" + state
          + "' at 'state' failed to satisfy constraint: Member must satisfy enum value set: "
          + "[ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]");
    }
    EventRule rule = registry.putRule(new EventRule(name, bus, pattern, state, RequestFields.text(input, "Description"),
        RequestFields.text(input, "RoleArn"), Map.of(), false));
    ObjectNode response = JSON.createObjectNode();
    response.put("RuleArn", rule.arn());
    return response;
  }

  private ObjectNode describeRule(JsonNode input) {
    ObjectNode rule = existingRule(input, "Name").toJson();
    rule.put("CreatedBy", LocalStack.ACCOUNT_ID);
    return rule;
  }

  private JsonNode deleteRule(JsonNode input) {
    String name = EventBridgeNames.ruleName(RequestFields.text(input, "Name"), "name");
    registry.deleteRule(existingBus(input, "EventBusName"), name, RequestFields.bool(input, "Force"));
    return null;
  }

  private ObjectNode listRules(JsonNode input) {
    String prefix = RequestFields.text(input, "NamePrefix");
    List<EventRule> rules = registry.rules(existingBus(input, "EventBusName")).stream()
        .filter(rule -> prefix == null || rule.name().startsWith(prefix)).toList();
    Page<EventRule> page = Page.of(rules, input);
    ObjectNode response = JSON.createObjectNode();
    ArrayNode list = response.putArray("Rules");
    page.items().forEach(rule -> list.add(rule.toJson()));
    if (page.nextToken() != null) {
      response.put("NextToken", page.nextToken());
    }
    return response;
  }

  private JsonNode setState(JsonNode input, String state) {
    registry.replaceRule(existingRule(input, "Name").withState(state));
    return null;
  }

  private ObjectNode putTargets(JsonNode input) {
    EventRule rule = existingRule(input, "Rule");
    if (input.get("Targets") == null || input.get("Targets").isNull()) {
      throw RequestFields.missing("targets");
    }
    List<JsonNode> targets = RequestFields.list(input, "Targets");
    if (targets.isEmpty() || targets.size() > 100) {
      throw new AwsServiceError("ValidationException", "1 validation error detected: Value at 'targets' failed to "
          + "satisfy constraint: Member must have length " + (targets.isEmpty() ? "greater than or equal to 1"
          : "less than or equal to 100"));
    }
    Map<String, EventTarget> updated = new LinkedHashMap<>(rule.targets());
    ObjectNode response = JSON.createObjectNode();
    ArrayNode failed = JSON.createArrayNode();
    for (int i = 0; i < targets.size(); i++) {
      JsonNode target = targets.get(i);
      String field = "targets." + (i + 1) + ".member";
      if (!target.isObject()) {
        throw new AwsServiceError("SerializationException", "each of Targets must be an object");
      }
      String id = EventBridgeNames.targetId(RequestFields.text(target, "Id"), field + ".id");
      String arn = RequestFields.text(target, "Arn");
      if (arn == null) {
        throw RequestFields.missing(field + ".arn");
      }
      long inputKinds = List.of("Input", "InputPath", "InputTransformer").stream()
          .filter(member -> target.hasNonNull(member)).count();
      if (inputKinds > 1) {
        throw new AwsServiceError("ValidationException", "Only one of Input, InputPath, or InputTransformer must be provided.");
      }
      String problem = targetProblem(target, arn);
      if (problem != null) {
        ObjectNode entry = failed.addObject();
        entry.put("TargetId", id);
        entry.put("ErrorCode", "ValidationException");
        entry.put("ErrorMessage", problem);
        continue;
      }
      updated.put(id, new EventTarget(id, arn, (ObjectNode) target));
    }
    if (updated.size() > MAX_TARGETS_PER_RULE) {
      throw new AwsServiceError("LimitExceededException", "The requested resource exceeds the maximum number allowed.");
    }
    registry.replaceRule(rule.withTargets(updated));
    response.put("FailedEntryCount", failed.size());
    response.set("FailedEntries", failed);
    return response;
  }

  private static String targetProblem(JsonNode target, String arn) {
    if (target.hasNonNull("InputTransformer")) {
      return "InputTransformer is not supported by the local runtime; use Input or InputPath.";
    }
    String arnProblem = TargetKind.problemWith(arn);
    if (arnProblem != null) {
      return arnProblem;
    }
    String input = RequestFields.text(target, "Input");
    if (input != null) {
      return TargetInput.problemWithInput(input);
    }
    String inputPath = RequestFields.text(target, "InputPath");
    return inputPath == null ? null : TargetInput.problemWithPath(inputPath);
  }

  private ObjectNode removeTargets(JsonNode input) {
    EventRule rule = existingRule(input, "Rule");
    if (input.get("Ids") == null || input.get("Ids").isNull()) {
      throw RequestFields.missing("ids");
    }
    Map<String, EventTarget> remaining = new LinkedHashMap<>(rule.targets());
    ObjectNode response = JSON.createObjectNode();
    ArrayNode failed = JSON.createArrayNode();
    for (String id : RequestFields.texts(input, "Ids")) {
      if (remaining.remove(id) == null) {
        ObjectNode entry = failed.addObject();
        entry.put("TargetId", id);
        entry.put("ErrorCode", "ResourceNotFoundException");
        entry.put("ErrorMessage", "Rule '" + rule.name() + "' does not have a target with the Id '" + id + "'.");
      }
    }
    registry.replaceRule(rule.withTargets(remaining));
    response.put("FailedEntryCount", failed.size());
    response.set("FailedEntries", failed);
    return response;
  }

  private ObjectNode listTargetsByRule(JsonNode input) {
    EventRule rule = existingRule(input, "Rule");
    Page<EventTarget> page = Page.of(List.copyOf(rule.targets().values()), input);
    ObjectNode response = JSON.createObjectNode();
    ArrayNode list = response.putArray("Targets");
    page.items().forEach(target -> list.add(target.definition()));
    if (page.nextToken() != null) {
      response.put("NextToken", page.nextToken());
    }
    return response;
  }

  private ObjectNode createEventBus(JsonNode input) {
    String name = RequestFields.text(input, "Name");
    if (name == null) {
      throw RequestFields.missing("name");
    }
    if (!name.matches("[\\.\\-_A-Za-z0-9]{1,256}")) {
      throw new AwsServiceError("ValidationException", "1 validation error detected: Value '" + name
          + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: "
          + "[\\.\\-_A-Za-z0-9]+");
    }
    if (RequestFields.text(input, "EventSourceName") != null) {
      throw new AwsServiceError("ValidationException",
          "EventSourceName is not supported by the local runtime: it has no partner event sources.");
    }
    EventBus bus = registry.createBus(name, RequestFields.text(input, "Description"));
    ObjectNode response = JSON.createObjectNode();
    response.put("EventBusArn", bus.arn());
    if (bus.description() != null) {
      response.put("Description", bus.description());
    }
    return response;
  }

  private JsonNode deleteEventBus(JsonNode input) {
    String name = RequestFields.text(input, "Name");
    if (name == null) {
      throw RequestFields.missing("name");
    }
    registry.deleteBus(EventBridgeNames.busName(name, "name"));
    return null;
  }

  private ObjectNode listEventBuses(JsonNode input) {
    String prefix = RequestFields.text(input, "NamePrefix");
    List<EventBus> buses = registry.buses().stream()
        .filter(bus -> prefix == null || bus.name().startsWith(prefix)).toList();
    Page<EventBus> page = Page.of(buses, input);
    ObjectNode response = JSON.createObjectNode();
    ArrayNode list = response.putArray("EventBuses");
    page.items().forEach(bus -> list.add(bus.toJson()));
    if (page.nextToken() != null) {
      response.put("NextToken", page.nextToken());
    }
    return response;
  }

  private ObjectNode testEventPattern(JsonNode input) {
    String pattern = RequestFields.text(input, "EventPattern");
    String eventText = RequestFields.text(input, "Event");
    if (pattern == null) {
      throw RequestFields.missing("eventPattern");
    }
    if (eventText == null) {
      throw RequestFields.missing("event");
    }
    checkPattern(pattern);
    JsonNode event;
    try {
      event = JSON.readTree(eventText);
    } catch (JsonProcessingException e) {
      throw new AwsServiceError("ValidationException", "Parameter Event is not valid.");
    }
    for (String field : List.of("id", "account", "source", "time", "region", "detail-type")) {
      if (event == null || !event.isObject() || !event.has(field)) {
        throw new AwsServiceError("ValidationException", "Parameter Event is not valid.");
      }
    }
    RuleMatcher matcher = RuleMatcher.of(List.of(
        new EventRule("test", EventBridgeNames.DEFAULT_BUS, pattern, EventRule.ENABLED, null, null, Map.of(), false)));
    ObjectNode response = JSON.createObjectNode();
    response.put("Result", !matcher.matchingRuleNames(event).isEmpty());
    return response;
  }

  private static void checkPattern(String pattern) {
    String problem = RuleMatcher.problemWith(pattern);
    if (problem != null) {
      throw new AwsServiceError("InvalidEventPatternException", "Event pattern is not valid. Reason: " + problem);
    }
  }

  /** The bus named by {@code member} (default when absent), or ResourceNotFoundException. */
  private String existingBus(JsonNode input, String member) {
    String bus = EventBridgeNames.busName(RequestFields.text(input, member), "eventBusName");
    if (registry.bus(bus).isEmpty()) {
      throw new AwsServiceError("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
    }
    return bus;
  }

  private EventRule existingRule(JsonNode input, String nameMember) {
    String name = EventBridgeNames.ruleName(RequestFields.text(input, nameMember), nameMember.toLowerCase());
    return registry.existingRule(existingBus(input, "EventBusName"), name);
  }
}
