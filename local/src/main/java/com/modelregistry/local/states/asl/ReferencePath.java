package com.modelregistry.local.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Reference Path: a Path that identifies exactly one node, using only {@code .field},
 * {@code ['field']} and {@code [index]} steps (a backslash escapes any character of a dotted field
 * name; {@code @ , : ? *} and {@code ..} are not allowed). ResultPath uses it to place a result into the
 * state's raw input, creating intervening objects as necessary.
 */
public final class ReferencePath {

  public static final ReferencePath ROOT = new ReferencePath("$", List.of());

  private final String text;
  private final List<Step> steps;

  private ReferencePath(String text, List<Step> steps) {
    this.text = text;
    this.steps = List.copyOf(steps);
  }

  /**
   * @throws IllegalArgumentException if the text is not a Reference Path (the message says why)
   */
  public static ReferencePath parse(String text) {
    if (text == null || !text.startsWith("$")) {
      throw new IllegalArgumentException("a reference path must begin with '$'");
    }
    if (text.startsWith("$$")) {
      throw new IllegalArgumentException("a reference path can't refer to the context object ($$)");
    }
    List<Step> steps = new ArrayList<>();
    int i = 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '.') {
        StringBuilder name = new StringBuilder();
        i++;
        if (i < text.length() && text.charAt(i) == '.') {
          throw new IllegalArgumentException("'..' (deep scan) is not allowed in a reference path");
        }
        while (i < text.length() && text.charAt(i) != '.' && text.charAt(i) != '[') {
          char n = text.charAt(i);
          if (n == '\\') {
            if (i + 1 >= text.length()) {
              throw new IllegalArgumentException("a reference path can't end with a backslash");
            }
            name.append(text.charAt(i + 1));
            i += 2;
            continue;
          }
          if ("@,:?*".indexOf(n) >= 0) {
            throw new IllegalArgumentException("the operator '" + n + "' is not allowed in a reference path");
          }
          if (Character.isWhitespace(n)) {
            throw new IllegalArgumentException("use ['name'] for a field name with blanks");
          }
          name.append(n);
          i++;
        }
        if (name.length() == 0) {
          throw new IllegalArgumentException("empty field name after '.'");
        }
        steps.add(new Step(name.toString(), -1));
      } else if (c == '[') {
        int close = text.indexOf(']', i);
        if (i + 1 < text.length() && (text.charAt(i + 1) == '\'' || text.charAt(i + 1) == '"')) {
          char quote = text.charAt(i + 1);
          int end = text.indexOf(quote, i + 2);
          if (end < 0 || end + 1 >= text.length() || text.charAt(end + 1) != ']') {
            throw new IllegalArgumentException("unclosed ['field'] step");
          }
          steps.add(new Step(text.substring(i + 2, end), -1));
          i = end + 2;
        } else {
          if (close < 0) {
            throw new IllegalArgumentException("unclosed [ ]");
          }
          String index = text.substring(i + 1, close);
          if (!index.matches("\\d+")) {
            throw new IllegalArgumentException("'[" + index + "]' is not allowed in a reference path (only [index] and ['field'])");
          }
          steps.add(new Step(null, Integer.parseInt(index)));
          i = close + 1;
        }
      } else {
        throw new IllegalArgumentException("unexpected '" + c + "' at position " + i);
      }
    }
    return new ReferencePath(text, steps);
  }

  public String text() {
    return text;
  }

  /**
   * The raw input with the value placed where this path points: {@code $} replaces the input; otherwise
   * the input (copied, never modified) gets the field set, with missing intervening objects created.
   *
   * @throws PathResolutionException if the input's shape doesn't allow it (e.g. a field of a string, an
   *     index beyond an array's end)
   */
  public JsonNode write(JsonNode rawInput, JsonNode value) {
    if (steps.isEmpty()) {
      return value;
    }
    JsonNode root = rawInput.deepCopy();
    JsonNode current = root;
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      boolean last = i == steps.size() - 1;
      if (step.isField()) {
        if (!(current instanceof ObjectNode object)) {
          throw cannotApply(rawInput);
        }
        if (last) {
          object.set(step.field(), value);
        } else {
          JsonNode child = object.get(step.field());
          if (child == null) {
            child = object.putObject(step.field());
          }
          current = child;
        }
      } else {
        if (!(current instanceof ArrayNode array) || step.index() >= array.size()) {
          throw cannotApply(rawInput);
        }
        if (last) {
          array.set(step.index(), value);
        } else {
          current = array.get(step.index());
        }
      }
    }
    return root;
  }

  private PathResolutionException cannotApply(JsonNode rawInput) {
    return new PathResolutionException("Unable to apply ReferencePath " + text + " to input " + Json.write(rawInput));
  }

  @Override
  public String toString() {
    return text;
  }

  private record Step(String field, int index) {
    boolean isField() {
      return field != null;
    }
  }
}
