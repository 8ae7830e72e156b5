package com.modelregistry.local.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Choice Rule: a Boolean expression ({@code And}, {@code Or}, {@code Not}) or a data-test expression
 * ({@code Variable} with one comparison operator). A comparison of values of the wrong type is false; a
 * {@code Variable} (or {@code ...Path} operand) that matches nothing fails the execution with
 * {@code States.Runtime}, except for {@code IsPresent}.
 */
public sealed interface ChoiceRule permits ChoiceRule.And, ChoiceRule.Or, ChoiceRule.Not, ChoiceRule.Comparison {

  /**
   * @throws StatesError {@code States.Runtime} when a path matches nothing
   */
  boolean evaluate(JsonNode input, JsonNode context);

  record And(List<ChoiceRule> rules) implements ChoiceRule {
    @Override
    public boolean evaluate(JsonNode input, JsonNode context) {
      for (ChoiceRule rule : rules) {
        if (!rule.evaluate(input, context)) {
          return false;
        }
      }
      return true;
    }
  }

  record Or(List<ChoiceRule> rules) implements ChoiceRule {
    @Override
    public boolean evaluate(JsonNode input, JsonNode context) {
      for (ChoiceRule rule : rules) {
        if (rule.evaluate(input, context)) {
          return true;
        }
      }
      return false;
    }
  }

  record Not(ChoiceRule rule) implements ChoiceRule {
    @Override
    public boolean evaluate(JsonNode input, JsonNode context) {
      return !rule.evaluate(input, context);
    }
  }

  /**
   * @param operand the literal operand (for {@code ...Path} operators, unused)
   * @param operandPath the operand path of a {@code ...Path} operator, else null
   * @param matcher the compiled pattern of {@code StringMatches}, else null
   */
  record Comparison(Path variable, ComparisonOperator operator, JsonNode operand, Path operandPath, Pattern matcher)
      implements ChoiceRule {

    @Override
    public boolean evaluate(JsonNode input, JsonNode context) {
      if (operator == ComparisonOperator.IS_PRESENT) {
        return present(input, context) == operand.booleanValue();
      }
      JsonNode value = read(variable, input, context);
      if (operator.kind() == ComparisonOperator.Kind.TYPE_TEST) {
        return typeTest(value) == operand.booleanValue();
      }
      JsonNode expected = operandPath == null ? operand : read(operandPath, input, context);
      return switch (operator.kind()) {
        case STRING -> value.isTextual() && expected.isTextual() && compareStrings(value.textValue(), expected.textValue());
        case NUMERIC -> value.isNumber() && expected.isNumber()
            && holds(value.decimalValue().compareTo(expected.decimalValue()));
        case BOOLEAN -> value.isBoolean() && expected.isBoolean() && value.booleanValue() == expected.booleanValue();
        case TIMESTAMP -> compareTimestamps(value, expected);
        case TYPE_TEST -> throw new IllegalStateException("handled above");
      };
    }

    private boolean present(JsonNode input, JsonNode context) {
      try {
        variable.read(input, context);
        return true;
      } catch (PathResolutionException e) {
        return false;
      }
    }

    private boolean typeTest(JsonNode value) {
      return switch (operator) {
        case IS_NULL -> value.isNull();
        case IS_NUMERIC -> value.isNumber();
        case IS_STRING -> value.isTextual();
        case IS_BOOLEAN -> value.isBoolean();
        case IS_TIMESTAMP -> value.isTextual() && Timestamps.isTimestamp(value.textValue());
        default -> throw new IllegalStateException(operator.fieldName() + " is not a type test");
      };
    }

    private boolean compareStrings(String value, String expected) {
      if (operator.relation() == ComparisonOperator.Relation.MATCHES) {
        return matcher.matcher(value).matches();
      }
      return holds(value.compareTo(expected));
    }

    private boolean compareTimestamps(JsonNode value, JsonNode expected) {
      if (!value.isTextual() || !expected.isTextual()) {
        return false;
      }
      Optional<Instant> actual = Timestamps.parse(value.textValue());
      Optional<Instant> other = Timestamps.parse(expected.textValue());
      return actual.isPresent() && other.isPresent() && holds(actual.get().compareTo(other.get()));
    }

    private boolean holds(int comparison) {
      return switch (operator.relation()) {
        case EQUAL -> comparison == 0;
        case LESS -> comparison < 0;
        case GREATER -> comparison > 0;
        case LESS_OR_EQUAL -> comparison <= 0;
        case GREATER_OR_EQUAL -> comparison >= 0;
        default -> throw new IllegalStateException(operator.fieldName() + " is not an ordering");
      };
    }

    private static JsonNode read(Path path, JsonNode input, JsonNode context) {
      try {
        return path.read(input, context);
      } catch (PathResolutionException e) {
        throw StatesError.runtime("Invalid path '" + path.text()
            + "': The choice state's condition path references an invalid value.");
      }
    }

    /**
     * The pattern of {@code StringMatches}: {@code *} matches any run of characters, {@code \*} a literal
     * asterisk and {@code \\} a literal backslash.
     */
    public static Pattern glob(String pattern) {
      StringBuilder regex = new StringBuilder();
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c == '\\' && i + 1 < pattern.length()) {
          regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
        } else if (c == '*') {
          regex.append(".*");
        } else {
          regex.append(Pattern.quote(String.valueOf(c)));
        }
      }
      return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
  }
}
