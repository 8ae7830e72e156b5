package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rule on a bus: its event pattern (JSON text), state and targets by id.
 *
 * @param fromTemplate true for rules read from the template (re-read at every start); false once
 *     created or changed through the API (those are persisted)
 */
record EventRule(String name, String busName, String eventPattern, String state, String description,
    String roleArn, Map<String, EventTarget> targets, boolean fromTemplate) {

  static final String ENABLED = "ENABLED";

  EventRule {
    targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
  }

  String arn() {
    return EventBridgeNames.ruleArn(busName, name);
  }

  /** Matched against events: ENABLED (or ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS), with a pattern. */
  boolean matchesEvents() {
    return eventPattern != null && state.startsWith(ENABLED);
  }

  EventRule withTargets(Map<String, EventTarget> newTargets) {
    return new EventRule(name, busName, eventPattern, state, description, roleArn, newTargets, false);
  }

  EventRule withState(String newState) {
    return new EventRule(name, busName, eventPattern, newState, description, roleArn, targets, false);
  }

  /** AWS's {@code Rule} shape (ListRules); DescribeRule adds CreatedBy. */
  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("Name", name);
    json.put("Arn", arn());
    if (eventPattern != null) {
      json.put("EventPattern", eventPattern);
    }
    json.put("State", state);
    if (description != null) {
      json.put("Description", description);
    }
    if (roleArn != null) {
      json.put("RoleArn", roleArn);
    }
    json.put("EventBusName", busName);
    return json;
  }
}
