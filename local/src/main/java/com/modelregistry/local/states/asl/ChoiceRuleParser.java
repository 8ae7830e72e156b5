package com.modelregistry.local.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a Choice Rule: a Boolean expression ({@code And}, {@code Or}: non-empty arrays; {@code Not}: one
 * rule) or a data-test expression ({@code Variable}, a Path, with exactly one comparison operator whose
 * operand has the operator's type: a string, a number, a boolean, an RFC 3339 timestamp, or a Path for
 * the {@code ...Path} operators). Only top-level rules have {@code Next}.
 */
final class ChoiceRuleParser {

  private final Problems problems;

  ChoiceRuleParser(Problems problems) {
    this.problems = problems;
  }

  ChoiceRule parse(JsonNode json, String location, boolean topLevel) {
    if (!json.isObject()) {
      problems.add("SCHEMA_VALIDATION_FAILED", "A Choice Rule must be a JSON object", location);
      return null;
    }
    if (!topLevel && json.has("Next")) {
      problems.add("SCHEMA_VALIDATION_FAILED", "A Choice Rule nested in And, Or or Not must not have 'Next'", location + "/Next");
    }
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(key -> {
      if (!key.equals("Next") && !key.equals("Comment")) {
        keys.add(key);
      }
    });
    if (keys.size() == 1 && (keys.get(0).equals("And") || keys.get(0).equals("Or"))) {
      String operator = keys.get(0);
      JsonNode rules = json.get(operator);
      if (!rules.isArray() || rules.isEmpty()) {
        problems.add("SCHEMA_VALIDATION_FAILED", operator + " must be a non-empty array of Choice Rules", location + "/" + operator);
        return null;
      }
      List<ChoiceRule> nested = new ArrayList<>();
      for (int i = 0; i < rules.size(); i++) {
        nested.add(parse(rules.get(i), location + "/" + operator + "/" + i, false));
      }
      return operator.equals("And") ? new ChoiceRule.And(nested) : new ChoiceRule.Or(nested);
    }
    if (keys.size() == 1 && keys.get(0).equals("Not")) {
      return new ChoiceRule.Not(parse(json.get("Not"), location + "/Not", false));
    }
    if (!keys.contains("Variable")) {
      problems.add("SCHEMA_VALIDATION_FAILED", "A Choice Rule must be And, Or, Not, or a 'Variable' with one comparison operator"
          + " (found: " + keys + ")", location);
      return null;
    }
    JsonNode variableJson = json.get("Variable");
    Path variable = null;
    if (!variableJson.isTextual()) {
      problems.add("SCHEMA_VALIDATION_FAILED", "Variable must be a string (a path)", location + "/Variable");
    } else {
      variable = problems.path(variableJson.textValue(), location + "/Variable");
    }
    List<String> operators = keys.stream().filter(key -> !key.equals("Variable")).toList();
    if (operators.size() != 1) {
      problems.add("SCHEMA_VALIDATION_FAILED", "A Choice Rule with Variable must have exactly one comparison operator, found "
          + operators, location);
      return null;
    }
    ComparisonOperator operator = ComparisonOperator.byFieldName(operators.get(0));
    String operatorLocation = location + "/" + operators.get(0);
    if (operator == null) {
      problems.add("SCHEMA_VALIDATION_FAILED", "'" + operators.get(0) + "' is not a comparison operator", operatorLocation);
      return null;
    }
    JsonNode operand = json.get(operator.fieldName());
    Path operandPath = null;
    Pattern matcher = null;
    if (operator.takesPath()) {
      if (!operand.isTextual()) {
        problems.add("SCHEMA_VALIDATION_FAILED", operator.fieldName() + " must be a string (a path)", operatorLocation);
      } else {
        operandPath = problems.path(operand.textValue(), operatorLocation);
      }
    } else {
      boolean valid = switch (operator.kind()) {
        case STRING -> operand.isTextual();
        case NUMERIC -> operand.isNumber();
        case BOOLEAN, TYPE_TEST -> operand.isBoolean();
        case TIMESTAMP -> operand.isTextual() && Timestamps.isTimestamp(operand.textValue());
      };
      if (!valid) {
        String expected = switch (operator.kind()) {
          case STRING -> "a string";
          case NUMERIC -> "a number";
          case BOOLEAN, TYPE_TEST -> "a boolean";
          case TIMESTAMP -> "a timestamp (RFC 3339, e.g. 2016-03-14T01:59:00Z)";
        };
        problems.add("SCHEMA_VALIDATION_FAILED", operator.fieldName() + " must be " + expected + ", got "
            + (operand.isValueNode() ? Json.write(operand) : Json.typeName(operand)), operatorLocation);
      } else if (operator == ComparisonOperator.STRING_MATCHES) {
        matcher = ChoiceRule.Comparison.glob(operand.textValue());
      }
    }
    return new ChoiceRule.Comparison(variable, operator, operand, operandPath, matcher);
  }
}
