package com.modelregistry.local.states.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Choice Rule semantics: every comparison operator and its Path variant, the type tests, And/Or/Not;
 * a comparison with a value of the wrong type is false; a path that matches nothing is States.Runtime.
 */
class ChoiceRuleTest {

  private static final JsonNode CONTEXT = json("{\"State\": {\"Name\": \"C\"}}");

  private static JsonNode json(String text) {
    try {
      return Json.parse(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static ChoiceRule rule(String rule) {
    StateMachineDefinition definition = DefinitionParser.parse("""
        {"StartAt": "C", "States": {
          "C": {"Type": "Choice", "Choices": [%s], "Default": "D"},
          "Y": {"Type": "Succeed"}, "D": {"Type": "Succeed"}}}""".formatted(rule.replace("}$", ", \"Next\": \"Y\"}")));
    return ((ChoiceState) definition.state("C")).choices().get(0).rule();
  }

  private static boolean holds(String rule, String input) {
    return rule(rule + "$").evaluate(json(input), CONTEXT);
  }

  @ParameterizedTest(name = "{0} on {1} is {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      {"Variable": "$.v", "StringEquals": "a"}                      | {"v": "a"}         | true
      {"Variable": "$.v", "StringEquals": "a"}                      | {"v": "b"}         | false
      {"Variable": "$.v", "StringEquals": "1"}                      | {"v": 1}           | false
      {"Variable": "$.v", "StringLessThan": "b"}                    | {"v": "a"}         | true
      {"Variable": "$.v", "StringLessThan": "a"}                    | {"v": "a"}         | false
      {"Variable": "$.v", "StringGreaterThan": "a"}                 | {"v": "b"}         | true
      {"Variable": "$.v", "StringLessThanEquals": "a"}              | {"v": "a"}         | true
      {"Variable": "$.v", "StringGreaterThanEquals": "b"}           | {"v": "a"}         | false
      {"Variable": "$.v", "StringMatches": "log-*.txt"}             | {"v": "log-2026-01.txt"} | true
      {"Variable": "$.v", "StringMatches": "log-*.txt"}             | {"v": "log-2026-01.csv"} | false
      {"Variable": "$.v", "StringMatches": "*"}                     | {"v": ""}          | true
      {"Variable": "$.v", "StringMatches": "a*b*c"}                 | {"v": "aXXbYYc"}   | true
      {"Variable": "$.v", "StringMatches": "log-\\\\*.txt"}         | {"v": "log-*.txt"} | true
      {"Variable": "$.v", "StringMatches": "log-\\\\*.txt"}         | {"v": "log-1.txt"} | false
      {"Variable": "$.v", "StringMatches": "a\\\\\\\\b"}            | {"v": "a\\\\b"}    | true
      {"Variable": "$.v", "StringMatches": "a.c"}                   | {"v": "abc"}       | false
      {"Variable": "$.v", "StringMatches": "*"}                     | {"v": 5}           | false
      {"Variable": "$.v", "NumericEquals": 1}                       | {"v": 1.0}         | true
      {"Variable": "$.v", "NumericEquals": 1}                       | {"v": "1"}         | false
      {"Variable": "$.v", "NumericLessThan": 10}                    | {"v": 9.99}        | true
      {"Variable": "$.v", "NumericGreaterThan": 10}                 | {"v": 10}          | false
      {"Variable": "$.v", "NumericLessThanEquals": 10}              | {"v": 10}          | true
      {"Variable": "$.v", "NumericGreaterThanEquals": 10}           | {"v": 11}          | true
      {"Variable": "$.v", "BooleanEquals": true}                    | {"v": true}        | true
      {"Variable": "$.v", "BooleanEquals": true}                    | {"v": "true"}      | false
      {"Variable": "$.v", "TimestampEquals": "2016-03-14T01:59:00Z"} | {"v": "2016-03-14T02:59:00+01:00"} | true
      {"Variable": "$.v", "TimestampLessThan": "2016-03-14T01:59:00Z"} | {"v": "2016-03-14T01:58:59.999Z"} | true
      {"Variable": "$.v", "TimestampGreaterThan": "2016-03-14T01:59:00Z"} | {"v": "2016-03-14T01:59:00Z"} | false
      {"Variable": "$.v", "TimestampLessThanEquals": "2016-03-14T01:59:00Z"} | {"v": "2016-03-14T01:59:00Z"} | true
      {"Variable": "$.v", "TimestampGreaterThanEquals": "2016-03-14T01:59:00Z"} | {"v": "2017-01-01T00:00:00Z"} | true
      {"Variable": "$.v", "TimestampEquals": "2016-03-14T01:59:00Z"} | {"v": "2016-03-14 01:59:00"} | false
      {"Variable": "$.v", "TimestampEquals": "2016-03-14T01:59:00Z"} | {"v": "2016-03-14t01:59:00z"} | false
      {"Variable": "$.a", "StringEqualsPath": "$.b"}                | {"a": "x", "b": "x"} | true
      {"Variable": "$.a", "StringLessThanPath": "$.b"}              | {"a": "x", "b": "y"} | true
      {"Variable": "$.a", "StringGreaterThanPath": "$.b"}           | {"a": "x", "b": "y"} | false
      {"Variable": "$.a", "StringLessThanEqualsPath": "$.b"}        | {"a": "y", "b": "y"} | true
      {"Variable": "$.a", "StringGreaterThanEqualsPath": "$.b"}     | {"a": "z", "b": "y"} | true
      {"Variable": "$.a", "NumericEqualsPath": "$.b"}               | {"a": 2, "b": 2.0} | true
      {"Variable": "$.a", "NumericLessThanPath": "$.b"}             | {"a": 1, "b": 2}   | true
      {"Variable": "$.a", "NumericGreaterThanPath": "$.b"}          | {"a": 1, "b": 2}   | false
      {"Variable": "$.a", "NumericLessThanEqualsPath": "$.b"}       | {"a": 2, "b": 2}   | true
      {"Variable": "$.a", "NumericGreaterThanEqualsPath": "$.b"}    | {"a": 3, "b": 2}   | true
      {"Variable": "$.a", "NumericEqualsPath": "$.b"}               | {"a": 2, "b": "2"} | false
      {"Variable": "$.a", "BooleanEqualsPath": "$.b"}               | {"a": false, "b": false} | true
      {"Variable": "$.a", "TimestampEqualsPath": "$.b"}             | {"a": "2026-01-01T00:00:00Z", "b": "2026-01-01T00:00:00Z"} | true
      {"Variable": "$.a", "TimestampLessThanPath": "$.b"}           | {"a": "2026-01-01T00:00:00Z", "b": "2026-01-02T00:00:00Z"} | true
      {"Variable": "$.a", "TimestampGreaterThanPath": "$.b"}        | {"a": "2026-01-01T00:00:00Z", "b": "2026-01-02T00:00:00Z"} | false
      {"Variable": "$.a", "TimestampLessThanEqualsPath": "$.b"}     | {"a": "2026-01-01T00:00:00Z", "b": "2026-01-01T00:00:00Z"} | true
      {"Variable": "$.a", "TimestampGreaterThanEqualsPath": "$.b"}  | {"a": "2026-01-01T00:00:00Z", "b": "not a time"} | false
      {"Variable": "$.a", "StringEqualsPath": "$$.State.Name"}      | {"a": "C"}         | true
      {"Variable": "$.v", "IsNull": true}                           | {"v": null}        | true
      {"Variable": "$.v", "IsNull": true}                           | {"v": "x"}         | false
      {"Variable": "$.v", "IsNull": false}                          | {"v": 1}           | true
      {"Variable": "$.v", "IsPresent": true}                        | {"v": null}        | true
      {"Variable": "$.v", "IsPresent": true}                        | {"w": 1}           | false
      {"Variable": "$.v", "IsPresent": false}                       | {"w": 1}           | true
      {"Variable": "$.v.deeper", "IsPresent": false}                | {"v": "text"}      | true
      {"Variable": "$.v", "IsNumeric": true}                        | {"v": -1.5}        | true
      {"Variable": "$.v", "IsNumeric": true}                        | {"v": "1"}         | false
      {"Variable": "$.v", "IsString": true}                         | {"v": "1"}         | true
      {"Variable": "$.v", "IsBoolean": true}                        | {"v": false}       | true
      {"Variable": "$.v", "IsBoolean": true}                        | {"v": 0}           | false
      {"Variable": "$.v", "IsTimestamp": true}                      | {"v": "2016-03-14T01:59:00Z"} | true
      {"Variable": "$.v", "IsTimestamp": true}                      | {"v": "yesterday"} | false
      {"Variable": "$.v", "IsTimestamp": false}                     | {"v": 12}          | true
      {"Not": {"Variable": "$.type", "StringEquals": "Private"}}    | {"type": "Public"} | true
      {"And": [{"Variable": "$.v", "NumericGreaterThanEquals": 20}, {"Variable": "$.v", "NumericLessThan": 30}]} | {"v": 22} | true
      {"And": [{"Variable": "$.v", "NumericGreaterThanEquals": 20}, {"Variable": "$.v", "NumericLessThan": 30}]} | {"v": 30} | false
      {"Or": [{"Variable": "$.v", "StringEquals": "a"}, {"Variable": "$.v", "StringEquals": "b"}]} | {"v": "b"} | true
      {"Or": [{"Variable": "$.v", "StringEquals": "a"}, {"Not": {"Variable": "$.v", "IsString": true}}]} | {"v": "c"} | false
      """)
  void evaluates(String rule, String input, boolean expected) {
    assertEquals(expected, holds(rule, input));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      {"Variable": "$.missing", "StringEquals": "a"}
      {"Variable": "$.missing", "IsNull": true}
      {"Variable": "$.v", "NumericEqualsPath": "$.missing"}
      {"And": [{"Variable": "$.v", "IsPresent": true}, {"Variable": "$.missing", "BooleanEquals": true}]}
      """)
  void aPathThatMatchesNothingIsStatesRuntime(String rule) {
    StatesError error = assertThrows(StatesError.class, () -> holds(rule, "{\"v\": 1}"));
    assertEquals(ErrorNames.RUNTIME, error.error());
  }

  @Test
  void andStopsAtTheFirstFalseRule() {
    // The second rule's path matches nothing, but And never looks at it.
    assertEquals(false, holds("""
        {"And": [{"Variable": "$.v", "IsPresent": false}, {"Variable": "$.missing", "BooleanEquals": true}]}""", "{\"v\": 1}"));
  }
}
