package com.modelregistry.core.testing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON-like values (hyperparameters, model-card content) as a document store keeps them. The port
 * contract: strings, booleans, nulls, lists and maps come back equal; a number comes back as some
 * {@link Number} with the same decimal value (an Integer may come back as a Long or a BigDecimal, 0.25 as
 * a Double or a BigDecimal), every digit of an integer kept. Compare with {@link #comparable}.
 */
public final class JsonValues {
  private JsonValues() {}

  /**
   * The value as DynamoDB's number type holds it: every number a {@link BigDecimal} of its decimal text
   * (Double 0.1 → 0.1, not the binary expansion); maps and lists copied and unmodifiable.
   *
   * @throws IllegalArgumentException for NaN, infinities and values that are not JSON-like
   */
  public static Object asStored(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number number) {
      return decimal(number);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), asStored(v)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof Collection<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(asStored(v)));
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
  }

  /** A form in which two values are equal exactly when the contract says they are the same JSON value. */
  public static Object comparable(Object value) {
    if (value instanceof Number number) {
      BigDecimal d = decimal(number).stripTrailingZeros();
      return d.signum() == 0 ? BigDecimal.ZERO : d;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), comparable(v)));
      return copy;
    }
    if (value instanceof Collection<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(comparable(v)));
      return copy;
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> comparableMap(Map<String, ?> map) {
    return (Map<String, Object>) comparable(map);
  }

  private static BigDecimal decimal(Number number) {
    if (number instanceof BigDecimal d) {
      return d;
    }
    if (number instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (number instanceof Double || number instanceof Float) {
      double d = number.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("a stored number must be finite, got " + d);
      }
      return new BigDecimal(number.toString());
    }
    return BigDecimal.valueOf(number.longValue());
  }
}
