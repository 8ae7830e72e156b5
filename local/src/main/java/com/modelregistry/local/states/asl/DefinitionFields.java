package com.modelregistry.local.states.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed access to the fields of one object of a definition (the machine, a state, a Retrier, ...),
 * adding a problem for each value of the wrong type or range; {@link #rejectUnknown} refuses the
 * fields not allowed there, with the reason for those the local runtime knows but doesn't support.
 */
final class DefinitionFields {

  static final String DISTRIBUTED_MAP = "is a feature of the distributed Map state, which the local runtime does"
      + " not support (only inline Map)";
  /** Fields of the language the local runtime refuses, with why. */
  private static final Map<String, String> UNSUPPORTED_FIELDS = Map.ofEntries(
      Map.entry("Assign", "workflow variables (Assign) are not supported by the local runtime"),
      Map.entry("Credentials", "cross-account Credentials are not supported by the local runtime"),
      Map.entry("Arguments", "'Arguments' belongs to the JSONata query language, which the local runtime does not support"),
      Map.entry("Output", "'Output' belongs to the JSONata query language, which the local runtime does not support"),
      Map.entry("ItemReader", "ItemReader " + DISTRIBUTED_MAP),
      Map.entry("ResultWriter", "ResultWriter " + DISTRIBUTED_MAP),
      Map.entry("ItemBatcher", "ItemBatcher " + DISTRIBUTED_MAP),
      Map.entry("ToleratedFailurePercentage", "ToleratedFailurePercentage " + DISTRIBUTED_MAP),
      Map.entry("ToleratedFailureCount", "ToleratedFailureCount " + DISTRIBUTED_MAP),
      Map.entry("ToleratedFailurePercentagePath", "ToleratedFailurePercentagePath " + DISTRIBUTED_MAP),
      Map.entry("ToleratedFailureCountPath", "ToleratedFailureCountPath " + DISTRIBUTED_MAP),
      Map.entry("Label", "Label " + DISTRIBUTED_MAP));

  private final Problems problems;
  private final JsonNode json;
  private final String location;
  private final Set<String> allowed;

  DefinitionFields(Problems problems, JsonNode json, String location, Set<String> allowed) {
    this.problems = problems;
    this.json = json;
    this.location = location;
    this.allowed = allowed;
  }

  void rejectUnknown() {
    json.fieldNames().forEachRemaining(field -> {
      if (!allowed.contains(field)) {
        String why = UNSUPPORTED_FIELDS.get(field);
        String type = json.path("Type").asText("");
        problems.add("SCHEMA_VALIDATION_FAILED", why != null ? why
            : "The field '" + field + "' is not supported" + (type.isEmpty() ? "" : " in a " + type + " state")
                + " (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")",
            location + "/" + Problems.pointer(field));
      }
    });
  }

  String requiredString(String field) {
    if (!json.has(field)) {
      problems.add("SCHEMA_VALIDATION_FAILED", "These fields are required: [" + field + "]", location.isEmpty() ? "/" : location);
      return null;
    }
    return optionalString(field);
  }

  String optionalString(String field) {
    JsonNode value = json.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      problems.add("SCHEMA_VALIDATION_FAILED", field + " must be a string", location + "/" + field);
      return null;
    }
    return value.textValue();
  }

  Integer positiveInt(String field, int max) {
    return integer(field, 1, max);
  }

  Integer nonNegativeInt(String field, int max) {
    return integer(field, 0, max);
  }

  private Integer integer(String field, int min, int max) {
    JsonNode value = json.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
      problems.add("SCHEMA_VALIDATION_FAILED", field + " must be an integer from " + min + " to " + max
          + ", got " + value, location + "/" + field);
      return null;
    }
    return value.intValue();
  }

  Double number(String field) {
    JsonNode value = json.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()) {
      problems.add("SCHEMA_VALIDATION_FAILED", field + " must be a number", location + "/" + field);
      return null;
    }
    return value.doubleValue();
  }

  /** InputPath or OutputPath: absent → $, JSON null → null, else a Path. */
  Path inputPath(String field) {
    JsonNode value = json.get(field);
    if (value == null) {
      return Path.ROOT;
    }
    if (value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      problems.add("SCHEMA_VALIDATION_FAILED", field + " must be a path string or null", location + "/" + field);
      return Path.ROOT;
    }
    Path path = problems.path(value.textValue(), location + "/" + field);
    return path == null ? Path.ROOT : path;
  }

  /** ResultPath: absent → $, JSON null → null, else a Reference Path. */
  ReferencePath resultPath(String field) {
    JsonNode value = json.get(field);
    if (value == null) {
      return ReferencePath.ROOT;
    }
    if (value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      problems.add("SCHEMA_VALIDATION_FAILED", field + " must be a reference path string or null", location + "/" + field);
      return ReferencePath.ROOT;
    }
    try {
      return ReferencePath.parse(value.textValue());
    } catch (IllegalArgumentException e) {
      problems.add("SCHEMA_VALIDATION_FAILED", "The value for the field '" + field + "' must be a valid Reference Path: "
          + e.getMessage(), location + "/" + field);
      return ReferencePath.ROOT;
    }
  }

  /** A field holding a Path (absent → null). */
  Path path(String field) {
    String text = optionalString(field);
    return text == null ? null : problems.path(text, location + "/" + field);
  }

  FailState.ValueExpression valueExpression(String field) {
    String text = optionalString(field);
    if (text == null) {
      return null;
    }
    try {
      return FailState.ValueExpression.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add("SCHEMA_VALIDATION_FAILED", field + " must be a path or an intrinsic function: " + e.getMessage(),
          location + "/" + field);
      return null;
    }
  }

  PayloadTemplate template(String field) {
    JsonNode value = json.get(field);
    return value == null ? null : PayloadTemplate.parse(value, location + "/" + field, problems.list());
  }

  JsonNode json() {
    return json;
  }

  String location() {
    return location;
  }
}
