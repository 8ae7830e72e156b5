package com.modelregistry.local.template;

import com.modelregistry.local.sam.CloudFormationYaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Read-only views of a parsed SAM template (long-form intrinsics, plain maps and lists). */
final class ParsedTemplate {

  /** A policy statement and where it sits in the template, for messages. */
  record Statement(String path, Map<String, Object> body) {
    String effect() {
      return String.valueOf(body.get("Effect"));
    }

    List<Object> actions() {
      return asList(body.get("Action"));
    }

    List<Object> resources() {
      return asList(body.get("Resource"));
    }
  }

  private final Map<String, Object> tree;

  private ParsedTemplate(Map<String, Object> tree) {
    this.tree = tree;
  }

  static ParsedTemplate parse(String yaml) {
    return new ParsedTemplate(CloudFormationYaml.parse(yaml));
  }

  Map<String, Object> tree() {
    return tree;
  }

  Map<String, Object> resources() {
    return map(tree.get("Resources"));
  }

  Map<String, Object> resource(String logicalId) {
    Map<String, Object> resource = map(resources().get(logicalId));
    if (resource.isEmpty()) {
      throw new AssertionError("template has no resource " + logicalId);
    }
    return resource;
  }

  static Map<String, Object> properties(Map<String, Object> resource) {
    return map(resource.get("Properties"));
  }

  /** Logical ids of every resource of this type, in template order. */
  List<String> resourcesOfType(String type) {
    List<String> ids = new ArrayList<>();
    resources().forEach((id, resource) -> {
      if (type.equals(map(resource).get("Type"))) {
        ids.add(id);
      }
    });
    return ids;
  }

  /**
   * A function's properties as SAM deploys them: Globals.Function overlaid by the function's own.
   * SAM merges maps key by key, the function's value winning; lists are concatenated (globals
   * first); any other value of the function replaces the global one.
   */
  Map<String, Object> effectiveFunctionProperties(String logicalId) {
    Map<String, Object> globals = map(map(tree.get("Globals")).get("Function"));
    return mergeGlobals(globals, properties(resource(logicalId)));
  }

  /** Environment variables of a function after the Globals overlay. */
  Map<String, Object> effectiveEnvironment(String logicalId) {
    return map(map(effectiveFunctionProperties(logicalId).get("Environment")).get("Variables"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> mergeGlobals(Map<String, Object> globals, Map<String, Object> local) {
    Map<String, Object> merged = new LinkedHashMap<>(globals);
    local.forEach((key, value) -> {
      Object global = merged.get(key);
      if (global instanceof Map<?, ?> g && value instanceof Map<?, ?> l && !isIntrinsic(l)) {
        merged.put(key, mergeGlobals((Map<String, Object>) g, (Map<String, Object>) l));
      } else if (global instanceof List<?> g && value instanceof List<?> l) {
        List<Object> both = new ArrayList<>(g);
        both.addAll(l);
        merged.put(key, both);
      } else {
        merged.put(key, value);
      }
    });
    return merged;
  }

  /**
   * Every IAM policy statement in the template: inline documents in Policies lists, role and
   * bucket policies — any map with a Statement list or map.
   */
  List<Statement> policyStatements() {
    List<Statement> statements = new ArrayList<>();
    walk(tree, "", (path, node) -> {
      if (node instanceof Map<?, ?> map && map.containsKey("Statement")) {
        List<Object> list = asList(map.get("Statement"));
        for (int i = 0; i < list.size(); i++) {
          statements.add(new Statement(path + "/Statement[" + i + "]", map(list.get(i))));
        }
      }
    });
    return statements;
  }

  /** Visits every node with its path (Resources/ApiFunction/Properties/...). */
  static void walk(Object node, String path, BiConsumer<String, Object> visitor) {
    visitor.accept(path, node);
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> walk(value, path + "/" + key, visitor));
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", visitor);
      }
    }
  }

  static boolean isIntrinsic(Map<?, ?> map) {
    return map.size() == 1 && map.keySet().stream().map(String::valueOf)
        .anyMatch(k -> k.equals("Ref") || k.startsWith("Fn::") || k.equals("Condition"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> asList(Object value) {
    if (value == null) {
      return List.of();
    }
    return value instanceof List<?> l ? (List<Object>) l : List.of(value);
  }
}
