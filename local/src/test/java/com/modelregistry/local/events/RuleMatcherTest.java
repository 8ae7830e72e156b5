package com.modelregistry.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EventBridge pattern semantics, as AWS's Event Ruler implements them, on events shaped like EventBridge's. */
class RuleMatcherTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static EventRule rule(String name, String pattern, String state) {
    return new EventRule(name, "default", pattern, state, null, null, Map.of(), false);
  }

  private static JsonNode event(String source, String detail) throws Exception {
    return JSON.readTree("{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"VersionRegistered\",\"source\":\""
        + source + "\",\"account\":\"000000000000\",\"time\":\"2026-11-23T00:00:00Z\",\"region\":\"us-east-1\","
        + "\"resources\":[\"arn:aws:s3:::b/k\"],\"detail\":" + detail + "}");
  }

  private static final RuleMatcher MATCHER = RuleMatcher.of(List.of(
      rule("prefix", "{\"source\": [{\"prefix\": \"registry.\"}]}", "ENABLED"),
      rule("anything-but", "{\"source\": [{\"prefix\": \"registry.\"}], "
          + "\"detail\": {\"stage\": [{\"anything-but\": [\"Archived\", \"Staging\"]}]}}", "ENABLED"),
      rule("numeric", "{\"detail\": {\"metrics\": {\"auc\": [{\"numeric\": [\">=\", 0.9, \"<\", 1]}]}}}", "ENABLED"),
      rule("exists-and-or", "{\"detail\": {\"$or\": [{\"owner\": [{\"exists\": true}]}, "
          + "{\"tags\": {\"team\": [\"risk\"]}}]}}", "ENABLED"),
      rule("resources-and-type", "{\"detail-type\": [\"VersionRegistered\"], \"resources\": [{\"suffix\": \"/k\"}], "
          + "\"detail\": {\"framework\": [{\"equals-ignore-case\": \"XGBOOST\"}]}}", "ENABLED"),
      rule("disabled", "{\"source\": [{\"prefix\": \"\"}]}", "DISABLED")));

  @Test
  void givenPrefixAnythingButAndNumericMatchers_thenOnlyTheMatchingRulesAreReturned() throws Exception {
    assertEquals(List.of("prefix", "anything-but", "numeric"),
        sorted(MATCHER.matchingRuleNames(event("registry.models", "{\"stage\": \"Production\", \"metrics\": {\"auc\": 0.93}}"))));
    assertEquals(List.of("prefix"),
        sorted(MATCHER.matchingRuleNames(event("registry.models", "{\"stage\": \"Archived\", \"metrics\": {\"auc\": 1}}"))));
    assertEquals(List.of("anything-but", "prefix"),
        MATCHER.matchingRuleNames(event("registry.models", "{\"stage\": \"Shadow\", \"metrics\": {\"auc\": 0.89}}"))
            .stream().sorted().toList());
    assertEquals(List.of(), MATCHER.matchingRuleNames(event("other.app", "{\"metrics\": {\"auc\": \"0.95\"}}")),
        "a numeric matcher does not match a string");
  }

  @Test
  void givenExistsOrSuffixAndCaseInsensitiveMatchers_thenEventRulerDecides() throws Exception {
    assertEquals(List.of("exists-and-or"), MATCHER.matchingRuleNames(event("x", "{\"owner\": \"ann\"}")));
    assertEquals(List.of("exists-and-or"), MATCHER.matchingRuleNames(event("x", "{\"tags\": {\"team\": \"risk\"}}")));
    assertEquals(List.of("resources-and-type"), MATCHER.matchingRuleNames(event("x", "{\"framework\": \"xgboost\"}")));
  }

  @Test
  void givenInvalidPatterns_thenTheProblemIsNamed_andValidOnesHaveNone() {
    assertNotNull(RuleMatcher.problemWith("{\"source\": \"registry\"}"));
    assertNotNull(RuleMatcher.problemWith("{\"source\": [{\"numeric\": [\">\", \"x\"]}]}"));
    assertNotNull(RuleMatcher.problemWith("not json"));
    assertNull(RuleMatcher.problemWith("{\"source\": [\"registry\"]}"));
  }

  private static List<String> sorted(List<String> names) {
    List<String> order = List.of("prefix", "anything-but", "numeric");
    return names.stream().sorted((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b))).toList();
  }
}
