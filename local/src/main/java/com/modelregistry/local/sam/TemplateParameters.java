package com.modelregistry.local.sam;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The template's Parameters and the values given for them, like {@code sam deploy --parameter-overrides}.
 * An override must name a declared parameter and meet the constraints CloudFormation checks: a Number
 * type parses as a number within MinValue/MaxValue, a string is within MinLength/MaxLength and matches
 * AllowedPattern (the whole value), and the value is one of AllowedValues. List types
 * ({@code CommaDelimitedList}, {@code List<Number>}) are checked element by element.
 */
final class TemplateParameters {

  private final Map<String, Map<String, Object>> declarations;
  private final Map<String, String> overrides;
  private final Map<String, String> localDefaults;

  private TemplateParameters(Map<String, Map<String, Object>> declarations, Map<String, String> overrides,
      Map<String, String> localDefaults) {
    this.declarations = declarations;
    this.overrides = overrides;
    this.localDefaults = localDefaults;
  }

  /**
   * @param overrides the user's values
   * @param localDefaults values the local runtime puts in place of Defaults (e.g. its own URL); an override wins
   * @throws TemplateException naming the parameter, for an undeclared name or a value its constraints refuse
   */
  static TemplateParameters of(Map<String, Object> parameters, Map<String, String> overrides,
      Map<String, String> localDefaults) {
    Map<String, Map<String, Object>> declarations = new LinkedHashMap<>();
    parameters.forEach((name, declaration) -> declarations.put(name, declaration(name, declaration)));
    return new TemplateParameters(declarations, checked(declarations, overrides), checked(declarations, localDefaults));
  }

  private static Map<String, String> checked(Map<String, Map<String, Object>> declarations, Map<String, String> values) {
    Map<String, String> checked = new LinkedHashMap<>();
    values.forEach((name, value) -> {
      Map<String, Object> declaration = declarations.get(name);
      if (declaration == null) {
        throw new TemplateException("parameter " + name + " is not declared by the template ("
            + (declarations.isEmpty() ? "it declares no Parameters" : "declared: " + String.join(", ", declarations.keySet()))
            + ")");
      }
      check(name, declaration, value);
      checked.put(name, value);
    });
    return Collections.unmodifiableMap(checked);
  }

  /** The value a Ref to a declared parameter resolves to, or null if {@code name} is not a parameter. */
  Object valueOf(String name) {
    Map<String, Object> declaration = declarations.get(name);
    if (declaration == null) {
      return null;
    }
    if (overrides.containsKey(name)) {
      return overrides.get(name);
    }
    if (localDefaults.containsKey(name)) {
      return localDefaults.get(name);
    }
    Object defaultValue = declaration.get("Default");
    if (defaultValue == null) {
      throw new TemplateException("parameter " + name + " has no Default: give it a value with --parameter "
          + name + "=VALUE");
    }
    return defaultValue;
  }

  boolean declares(String name) {
    return declarations.containsKey(name);
  }

  Map<String, String> overrides() {
    return overrides;
  }

  Map<String, String> localDefaults() {
    return localDefaults;
  }

  boolean isNoEcho(String name) {
    Map<String, Object> declaration = declarations.get(name);
    return declaration != null && noEcho(declaration);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> declaration(String name, Object declaration) {
    if (!(declaration instanceof Map<?, ?>)) {
      throw new TemplateException("Parameters." + name + " must be a mapping with at least a Type");
    }
    return (Map<String, Object>) declaration;
  }

  private static void check(String name, Map<String, Object> declaration, String value) {
    String type = declaration.get("Type") == null ? "String" : String.valueOf(declaration.get("Type"));
    boolean list = type.equals("CommaDelimitedList") || type.startsWith("List<");
    boolean number = type.equals("Number") || type.equals("List<Number>");
    List<String> elements = list ? List.of(value.split(",", -1)) : List.of(value);
    for (String element : elements) {
      String item = list ? element.trim() : element;
      if (number) {
        checkNumber(name, declaration, item);
      } else {
        checkString(name, declaration, item);
      }
      checkAllowedValues(name, declaration, item, number);
    }
  }

  private static void checkNumber(String name, Map<String, Object> declaration, String value) {
    BigDecimal number = number(value);
    if (number == null) {
      throw refused(name, declaration, shown(declaration, value, true) + " is not a number (Type: "
          + declaration.get("Type") + ")");
    }
    Object min = declaration.get("MinValue");
    if (min != null && number.compareTo(constraint(name, "MinValue", min)) < 0) {
      throw refused(name, declaration, shown(declaration, value, false) + " is below MinValue " + min);
    }
    Object max = declaration.get("MaxValue");
    if (max != null && number.compareTo(constraint(name, "MaxValue", max)) > 0) {
      throw refused(name, declaration, shown(declaration, value, false) + " is above MaxValue " + max);
    }
  }

  private static void checkString(String name, Map<String, Object> declaration, String value) {
    Object minLength = declaration.get("MinLength");
    if (minLength != null && value.length() < constraint(name, "MinLength", minLength).intValue()) {
      throw refused(name, declaration, shown(declaration, value, true) + " is shorter than MinLength " + minLength);
    }
    Object maxLength = declaration.get("MaxLength");
    if (maxLength != null && value.length() > constraint(name, "MaxLength", maxLength).intValue()) {
      throw refused(name, declaration, shown(declaration, value, true) + " is longer than MaxLength " + maxLength);
    }
    Object allowedPattern = declaration.get("AllowedPattern");
    if (allowedPattern != null) {
      Pattern pattern;
      try {
        pattern = Pattern.compile(String.valueOf(allowedPattern));
      } catch (PatternSyntaxException e) {
        throw new TemplateException("parameter " + name + ": AllowedPattern " + allowedPattern
            + " is not a valid regular expression: " + e.getDescription());
      }
      if (!pattern.matcher(value).matches()) {
        throw refused(name, declaration, shown(declaration, value, true) + " does not match AllowedPattern "
            + allowedPattern);
      }
    }
  }

  private static void checkAllowedValues(String name, Map<String, Object> declaration, String value, boolean number) {
    Object allowed = declaration.get("AllowedValues");
    if (allowed == null) {
      return;
    }
    if (!(allowed instanceof List<?> allowedValues)) {
      throw new TemplateException("parameter " + name + ": AllowedValues must be a list, got " + allowed);
    }
    List<String> texts = new ArrayList<>();
    for (Object allowedValue : allowedValues) {
      String text = String.valueOf(allowedValue);
      texts.add(text);
      if (text.equals(value)) {
        return;
      }
      if (number) {
        BigDecimal allowedNumber = number(text);
        if (allowedNumber != null && allowedNumber.compareTo(number(value)) == 0) {
          return;
        }
      }
    }
    throw refused(name, declaration, shown(declaration, value, !number) + " is not one of AllowedValues " + texts);
  }

  private static BigDecimal number(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static BigDecimal constraint(String name, String key, Object value) {
    BigDecimal number = number(String.valueOf(value));
    if (number == null) {
      throw new TemplateException("parameter " + name + ": " + key + " must be a number, got '" + value + "'");
    }
    return number;
  }

  /** The value as an error message shows it: a NoEcho parameter's value never appears. */
  private static String shown(Map<String, Object> declaration, String value, boolean quoted) {
    if (noEcho(declaration)) {
      return "the value (NoEcho)";
    }
    return quoted ? "'" + value + "'" : value;
  }

  private static boolean noEcho(Map<String, Object> declaration) {
    return "true".equalsIgnoreCase(String.valueOf(declaration.get("NoEcho")));
  }

  /** CloudFormation shows a parameter's ConstraintDescription when a value breaks a constraint. */
  private static TemplateException refused(String name, Map<String, Object> declaration, String problem) {
    Object description = declaration.get("ConstraintDescription");
    return new TemplateException("parameter " + name + ": " + problem
        + (description == null ? "" : " (" + description + ")"));
  }
}
