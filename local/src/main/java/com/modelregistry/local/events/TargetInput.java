package com.modelregistry.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a target receives: the whole event; or its {@code Input} (constant JSON text) instead; or the part
 * of the event its {@code InputPath} selects ({@code $}, {@code $.detail.name}, {@code $.resources[0]},
 * {@code $['detail-type']}).
 */
final class TargetInput {

  /** Strict: text after the JSON value makes it invalid, as for AWS's parsers. */
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern STEP = Pattern.compile("\\.([A-Za-z0-9_$@-]+)|\\[(\\d+)]|\\['([^']*)']");

  private TargetInput() {}

  static JsonNode of(EventTarget target, JsonNode event) throws DeliveryFailure {
    if (target.input() != null) {
      try {
        return JSON.readTree(target.input());
      } catch (JsonProcessingException e) {
        throw new DeliveryFailure("Input is not valid JSON: " + e.getOriginalMessage(), false);
      }
    }
    if (target.inputPath() != null) {
      JsonNode selected = select(event, steps(target.inputPath()));
      if (selected == null) {
        throw new DeliveryFailure("InputPath " + target.inputPath() + " selects nothing in the event", false);
      }
      return selected;
    }
    return event;
  }

  /** Why {@code inputPath} is not a path this runtime follows, or null. */
  static String problemWithPath(String inputPath) {
    try {
      steps(inputPath);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** Why {@code input} is not JSON, or null. */
  static String problemWithInput(String input) {
    try {
      JSON.readTree(input);
      return null;
    } catch (JsonProcessingException e) {
      return "Input is not valid JSON: " + e.getOriginalMessage();
    }
  }

  private static List<Object> steps(String path) {
    if (!path.startsWith("$")) {
      throw new IllegalArgumentException("InputPath " + path + " must start with $");
    }
    List<Object> steps = new ArrayList<>();
    Matcher matcher = STEP.matcher(path);
    int position = 1;
    while (position < path.length()) {
      if (!matcher.find(position) || matcher.start() != position) {
        throw new IllegalArgumentException("InputPath " + path + " is not a path like $.detail.name or $.resources[0]");
      }
      steps.add(matcher.group(2) != null ? (Object) Integer.parseInt(matcher.group(2))
          : matcher.group(1) != null ? matcher.group(1) : matcher.group(3));
      position = matcher.end();
    }
    return steps;
  }

  private static JsonNode select(JsonNode node, List<Object> steps) {
    JsonNode current = node;
    for (Object step : steps) {
      current = step instanceof Integer index ? current.get(index) : current.get((String) step);
      if (current == null) {
        return null;
      }
    }
    return current;
  }
}
