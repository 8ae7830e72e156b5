package com.modelregistry.local.states.asl;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The data-test operators of a Choice Rule, with the kind of value each compares. */
public enum ComparisonOperator {
  STRING_EQUALS("StringEquals", Kind.STRING, Relation.EQUAL),
  STRING_EQUALS_PATH("StringEqualsPath", Kind.STRING, Relation.EQUAL),
  STRING_LESS_THAN("StringLessThan", Kind.STRING, Relation.LESS),
  STRING_LESS_THAN_PATH("StringLessThanPath", Kind.STRING, Relation.LESS),
  STRING_GREATER_THAN("StringGreaterThan", Kind.STRING, Relation.GREATER),
  STRING_GREATER_THAN_PATH("StringGreaterThanPath", Kind.STRING, Relation.GREATER),
  STRING_LESS_THAN_EQUALS("StringLessThanEquals", Kind.STRING, Relation.LESS_OR_EQUAL),
  STRING_LESS_THAN_EQUALS_PATH("StringLessThanEqualsPath", Kind.STRING, Relation.LESS_OR_EQUAL),
  STRING_GREATER_THAN_EQUALS("StringGreaterThanEquals", Kind.STRING, Relation.GREATER_OR_EQUAL),
  STRING_GREATER_THAN_EQUALS_PATH("StringGreaterThanEqualsPath", Kind.STRING, Relation.GREATER_OR_EQUAL),
  STRING_MATCHES("StringMatches", Kind.STRING, Relation.MATCHES),
  NUMERIC_EQUALS("NumericEquals", Kind.NUMERIC, Relation.EQUAL),
  NUMERIC_EQUALS_PATH("NumericEqualsPath", Kind.NUMERIC, Relation.EQUAL),
  NUMERIC_LESS_THAN("NumericLessThan", Kind.NUMERIC, Relation.LESS),
  NUMERIC_LESS_THAN_PATH("NumericLessThanPath", Kind.NUMERIC, Relation.LESS),
  NUMERIC_GREATER_THAN("NumericGreaterThan", Kind.NUMERIC, Relation.GREATER),
  NUMERIC_GREATER_THAN_PATH("NumericGreaterThanPath", Kind.NUMERIC, Relation.GREATER),
  NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Kind.NUMERIC, Relation.LESS_OR_EQUAL),
  NUMERIC_LESS_THAN_EQUALS_PATH("NumericLessThanEqualsPath", Kind.NUMERIC, Relation.LESS_OR_EQUAL),
  NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Kind.NUMERIC, Relation.GREATER_OR_EQUAL),
  NUMERIC_GREATER_THAN_EQUALS_PATH("NumericGreaterThanEqualsPath", Kind.NUMERIC, Relation.GREATER_OR_EQUAL),
  BOOLEAN_EQUALS("BooleanEquals", Kind.BOOLEAN, Relation.EQUAL),
  BOOLEAN_EQUALS_PATH("BooleanEqualsPath", Kind.BOOLEAN, Relation.EQUAL),
  TIMESTAMP_EQUALS("TimestampEquals", Kind.TIMESTAMP, Relation.EQUAL),
  TIMESTAMP_EQUALS_PATH("TimestampEqualsPath", Kind.TIMESTAMP, Relation.EQUAL),
  TIMESTAMP_LESS_THAN("TimestampLessThan", Kind.TIMESTAMP, Relation.LESS),
  TIMESTAMP_LESS_THAN_PATH("TimestampLessThanPath", Kind.TIMESTAMP, Relation.LESS),
  TIMESTAMP_GREATER_THAN("TimestampGreaterThan", Kind.TIMESTAMP, Relation.GREATER),
  TIMESTAMP_GREATER_THAN_PATH("TimestampGreaterThanPath", Kind.TIMESTAMP, Relation.GREATER),
  TIMESTAMP_LESS_THAN_EQUALS("TimestampLessThanEquals", Kind.TIMESTAMP, Relation.LESS_OR_EQUAL),
  TIMESTAMP_LESS_THAN_EQUALS_PATH("TimestampLessThanEqualsPath", Kind.TIMESTAMP, Relation.LESS_OR_EQUAL),
  TIMESTAMP_GREATER_THAN_EQUALS("TimestampGreaterThanEquals", Kind.TIMESTAMP, Relation.GREATER_OR_EQUAL),
  TIMESTAMP_GREATER_THAN_EQUALS_PATH("TimestampGreaterThanEqualsPath", Kind.TIMESTAMP, Relation.GREATER_OR_EQUAL),
  IS_NULL("IsNull", Kind.TYPE_TEST, Relation.IS),
  IS_PRESENT("IsPresent", Kind.TYPE_TEST, Relation.IS),
  IS_NUMERIC("IsNumeric", Kind.TYPE_TEST, Relation.IS),
  IS_STRING("IsString", Kind.TYPE_TEST, Relation.IS),
  IS_BOOLEAN("IsBoolean", Kind.TYPE_TEST, Relation.IS),
  IS_TIMESTAMP("IsTimestamp", Kind.TYPE_TEST, Relation.IS);

  private static final Map<String, ComparisonOperator> BY_NAME = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(ComparisonOperator::fieldName, Function.identity()));

  private final String fieldName;
  private final Kind kind;
  private final Relation relation;

  ComparisonOperator(String fieldName, Kind kind, Relation relation) {
    this.fieldName = fieldName;
    this.kind = kind;
    this.relation = relation;
  }

  /** The operator named by a Choice Rule field, or null. */
  public static ComparisonOperator byFieldName(String name) {
    return BY_NAME.get(name);
  }

  public String fieldName() {
    return fieldName;
  }

  public Kind kind() {
    return kind;
  }

  public Relation relation() {
    return relation;
  }

  /** Whether the operand is a Path into the input rather than a literal. */
  public boolean takesPath() {
    return fieldName.endsWith("Path");
  }

  public enum Kind { STRING, NUMERIC, BOOLEAN, TIMESTAMP, TYPE_TEST }

  public enum Relation { EQUAL, LESS, GREATER, LESS_OR_EQUAL, GREATER_OR_EQUAL, MATCHES, IS }
}
