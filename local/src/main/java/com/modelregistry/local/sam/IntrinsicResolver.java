package com.modelregistry.local.sam;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a template value to the string it would have in a local deployment: literals, {@code Ref}
 * (a parameter resolves to its override, else its Default),
 * {@code Fn::GetAtt ….Arn} (and a table's {@code .StreamArn}), {@code Fn::Sub} and {@code Fn::Join}. Anything
 * else is a {@link TemplateException}.
 */
final class IntrinsicResolver {

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
  private static final Map<String, String> PSEUDO_PARAMETERS = Map.of(
      "AWS::Region", LocalStack.REGION,
      "AWS::AccountId", LocalStack.ACCOUNT_ID,
      "AWS::StackName", LocalStack.STACK_NAME,
      "AWS::Partition", "aws",
      "AWS::URLSuffix", "amazonaws.com");

  private final TemplateParameters parameters;
  private final LocalResourceNames resources;

  IntrinsicResolver(TemplateParameters parameters, LocalResourceNames resources) {
    this.parameters = parameters;
    this.resources = resources;
  }

  String resolve(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    if (value instanceof Map<?, ?> map && map.size() == 1) {
      Map.Entry<?, ?> function = map.entrySet().iterator().next();
      Object argument = function.getValue();
      switch (String.valueOf(function.getKey())) {
        case "Ref":
          return ref(String.valueOf(argument));
        case "Fn::GetAtt":
          return getAtt(argument);
        case "Fn::Sub":
          return sub(argument);
        case "Fn::Join":
          return join(argument);
        default:
          throw new TemplateException(function.getKey()
              + " is not supported locally (supported: Ref, Fn::GetAtt, Fn::Sub, Fn::Join)");
      }
    }
    throw new TemplateException("can't resolve " + value + " to a string");
  }

  private String ref(String name) {
    String pseudo = PSEUDO_PARAMETERS.get(name);
    if (pseudo != null) {
      return pseudo;
    }
    Object parameterValue = parameters.valueOf(name);
    if (parameterValue != null) {
      return resolve(parameterValue);
    }
    return resources.ref(name, this::resolve);
  }

  private String getAtt(Object argument) {
    List<?> parts = argument instanceof List<?> list ? list : List.of(String.valueOf(argument).split("\\.", 2));
    if (parts.size() != 2) {
      throw new TemplateException("Fn::GetAtt needs [resource, attribute], got " + argument);
    }
    String logicalId = String.valueOf(parts.get(0));
    String attribute = String.valueOf(parts.get(1));
    if (attribute.equals("StreamArn")) {
      return resources.streamArn(logicalId, this::resolve);
    }
    if (!attribute.equals("Arn")) {
      throw new TemplateException("Fn::GetAtt " + logicalId + "." + attribute
          + " is not supported locally (only .Arn, and a table's .StreamArn)");
    }
    return resources.arn(logicalId, this::resolve);
  }

  private String sub(Object argument) {
    String text;
    Map<?, ?> variables;
    if (argument instanceof List<?> list && list.size() == 2 && list.get(1) instanceof Map<?, ?> map) {
      text = String.valueOf(list.get(0));
      variables = map;
    } else if (argument instanceof String string) {
      text = string;
      variables = Map.of();
    } else {
      throw new TemplateException("Fn::Sub needs a string or [string, {variables}], got " + argument);
    }
    Matcher matcher = SUB_VARIABLE.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1).trim();
      String replacement;
      if (name.startsWith("!")) {
        replacement = "${" + name.substring(1) + "}";
      } else if (variables.containsKey(name)) {
        replacement = resolve(variables.get(name));
      } else if (name.contains(".") && !name.startsWith("AWS::")) {
        replacement = getAtt(name);
      } else {
        replacement = ref(name);
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  private String join(Object argument) {
    if (!(argument instanceof List<?> list) || list.size() != 2 || !(list.get(1) instanceof List<?> values)) {
      throw new TemplateException("Fn::Join needs [delimiter, [values]], got " + argument);
    }
    StringBuilder result = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        result.append(list.get(0));
      }
      result.append(resolve(values.get(i)));
    }
    return result.toString();
  }
}
