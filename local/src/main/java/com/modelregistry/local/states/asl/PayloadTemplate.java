package com.modelregistry.local.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Payload Template ({@code Parameters}, {@code ResultSelector}): a JSON object in which every field,
 * however deeply nested (also inside arrays), whose name ends with {@code .$} is renamed without the
 * suffix and gets a computed value: a Path applied to the template's input ({@code $...}), a Path applied
 * to the Context Object ({@code $$...}), or an intrinsic function.
 */
public final class PayloadTemplate {

  private final Node root;

  private PayloadTemplate(Node root) {
    this.root = root;
  }

  /**
   * Reads a template, adding a problem for each malformed {@code .$} field (not a string, not a path or
   * intrinsic function, duplicate name after renaming).
   *
   * @param location JSON pointer of the template in the definition, for messages
   * @return the template, or null if the value is not an object (reported as a problem)
   */
  public static PayloadTemplate parse(JsonNode json, String location, List<InvalidDefinitionException.Problem> problems) {
    if (!json.isObject()) {
      problems.add(new InvalidDefinitionException.Problem("SCHEMA_VALIDATION_FAILED",
          "The value must be a JSON object (a Payload Template), got " + Json.typeName(json), location));
      return null;
    }
    return new PayloadTemplate(node(json, location, problems));
  }

  private static Node node(JsonNode json, String location, List<InvalidDefinitionException.Problem> problems) {
    if (json.isObject()) {
      Map<String, Node> fields = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> iterator = json.fields();
      while (iterator.hasNext()) {
        Map.Entry<String, JsonNode> field = iterator.next();
        String name = field.getKey();
        String fieldLocation = location + "/" + name.replace("~", "~0").replace("/", "~1");
        Node value;
        String key = name;
        if (name.endsWith(".$")) {
          key = name.substring(0, name.length() - 2);
          value = dynamic(name, field.getValue(), fieldLocation, problems);
        } else {
          value = node(field.getValue(), fieldLocation, problems);
        }
        if (fields.containsKey(key)) {
          problems.add(new InvalidDefinitionException.Problem("SCHEMA_VALIDATION_FAILED",
              "The field '" + key + "' appears twice once '.$' suffixes are removed", fieldLocation));
        }
        fields.put(key, value);
      }
      return fields.values().stream().allMatch(Constant.class::isInstance) ? new Constant(json) : new ObjectTemplate(fields);
    }
    if (json.isArray()) {
      List<Node> elements = new ArrayList<>();
      for (int i = 0; i < json.size(); i++) {
        elements.add(node(json.get(i), location + "/" + i, problems));
      }
      return elements.stream().allMatch(Constant.class::isInstance) ? new Constant(json) : new ArrayTemplate(elements);
    }
    return new Constant(json);
  }

  private static Node dynamic(String name, JsonNode value, String location,
      List<InvalidDefinitionException.Problem> problems) {
    if (!value.isTextual()) {
      problems.add(new InvalidDefinitionException.Problem("SCHEMA_VALIDATION_FAILED",
          "The value for the field '" + name + "' must be a STRING that contains a JSONPath or an intrinsic function, got "
              + Json.typeName(value), location));
      return new Constant(value);
    }
    String text = value.textValue();
    try {
      if (text.startsWith("$")) {
        return new PathValue(name, Path.parse(text));
      }
      return new IntrinsicValue(name, IntrinsicFunction.parse(text));
    } catch (IllegalArgumentException e) {
      String what = text.startsWith("$") ? "a valid JSONPath" : "a valid JSONPath or intrinsic function";
      problems.add(new InvalidDefinitionException.Problem("SCHEMA_VALIDATION_FAILED",
          "The value for the field '" + name + "' must be " + what + ": " + e.getMessage(), location));
      return new Constant(value);
    }
  }

  /**
   * @throws StatesError {@code States.Runtime} when a path matches nothing, {@code States.IntrinsicFailure}
   *     when an intrinsic function fails
   */
  public JsonNode apply(JsonNode input, JsonNode context) {
    return root.apply(input, context);
  }

  private sealed interface Node permits Constant, ObjectTemplate, ArrayTemplate, PathValue, IntrinsicValue {
    JsonNode apply(JsonNode input, JsonNode context);
  }

  private record Constant(JsonNode value) implements Node {
    @Override
    public JsonNode apply(JsonNode input, JsonNode context) {
      return value;
    }
  }

  private record ObjectTemplate(Map<String, Node> fields) implements Node {
    @Override
    public JsonNode apply(JsonNode input, JsonNode context) {
      ObjectNode object = Json.object();
      fields.forEach((name, node) -> object.set(name, node.apply(input, context)));
      return object;
    }
  }

  private record ArrayTemplate(List<Node> elements) implements Node {
    @Override
    public JsonNode apply(JsonNode input, JsonNode context) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      elements.forEach(node -> array.add(node.apply(input, context)));
      return array;
    }
  }

  private record PathValue(String field, Path path) implements Node {
    @Override
    public JsonNode apply(JsonNode input, JsonNode context) {
      try {
        return path.read(input, context);
      } catch (PathResolutionException e) {
        String source = path.isContextPath() ? "the context object" : "the input";
        throw StatesError.runtime("The JSONPath '" + path.text() + "' specified for the field '" + field
            + "' could not be found in " + source + " '" + Json.write(path.isContextPath() ? context : input) + "'");
      }
    }
  }

  private record IntrinsicValue(String field, IntrinsicFunction function) implements Node {
    @Override
    public JsonNode apply(JsonNode input, JsonNode context) {
      return function.evaluate(input, context);
    }
  }
}
