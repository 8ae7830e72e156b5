package com.modelregistry.local.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.sam.TemplateException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A secret's {@code GenerateSecretString}, as CloudFormation passes it to Secrets Manager's
 * GetRandomPassword: a password of {@code PasswordLength} characters (default 32) drawn from lowercase and
 * uppercase letters, digits and punctuation ({@code !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~}), minus the excluded
 * types and {@code ExcludeCharacters}, plus a space with {@code IncludeSpace}; with
 * {@code RequireEachIncludedType} (the default) at least one character of each of those four types left. With
 * {@code SecretStringTemplate} and {@code GenerateStringKey} the secret is the template's JSON object with
 * the password added under that key.
 */
record GenerateSecretString(int passwordLength, String excludeCharacters, boolean excludeLowercase,
    boolean excludeUppercase, boolean excludeNumbers, boolean excludePunctuation, boolean includeSpace,
    boolean requireEachIncludedType, String secretStringTemplate, String generateStringKey) {

  static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  private static final String LOWERCASE = "abcdefghijklmnopqrstuvwxyz";
  private static final String UPPERCASE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String DIGITS = "0123456789";
  private static final int DEFAULT_LENGTH = 32;
  private static final int MAX_LENGTH = 4096;
  private static final Set<String> PROPERTIES = Set.of("PasswordLength", "ExcludeCharacters", "ExcludeLowercase",
      "ExcludeUppercase", "ExcludeNumbers", "ExcludePunctuation", "IncludeSpace", "RequireEachIncludedType",
      "SecretStringTemplate", "GenerateStringKey");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads the template's {@code GenerateSecretString} mapping; {@code resolve} turns each value (a literal or
   * an intrinsic) into a string.
   *
   * @throws TemplateException for an unknown property, a bad number or boolean, a length outside 1–4096,
   *     only one of SecretStringTemplate and GenerateStringKey, or a SecretStringTemplate that isn't a JSON object
   */
  static GenerateSecretString of(Map<?, ?> properties, Function<Object, String> resolve) {
    for (Object key : properties.keySet()) {
      if (!PROPERTIES.contains(String.valueOf(key))) {
        throw new TemplateException("GenerateSecretString." + key + " is not a property of GenerateSecretString"
            + " (it has " + String.join(", ", PROPERTIES.stream().sorted().toList()) + ")");
      }
    }
    int length = DEFAULT_LENGTH;
    if (properties.get("PasswordLength") != null) {
      String text = resolve.apply(properties.get("PasswordLength"));
      try {
        length = Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        length = -1;
      }
      if (length < 1 || length > MAX_LENGTH) {
        throw new TemplateException("GenerateSecretString.PasswordLength must be a whole number from 1 to " + MAX_LENGTH
            + ", got '" + text + "'");
      }
    }
    String template = text(properties, "SecretStringTemplate", resolve);
    String key = text(properties, "GenerateStringKey", resolve);
    if ((template == null) != (key == null)) {
      throw new TemplateException("GenerateSecretString needs both SecretStringTemplate and GenerateStringKey, or neither");
    }
    if (template != null) {
      JsonNode parsed;
      try {
        parsed = JSON.readTree(template);
      } catch (JsonProcessingException e) {
        parsed = null;
      }
      if (parsed == null || !parsed.isObject()) {
        throw new TemplateException("GenerateSecretString.SecretStringTemplate must be a JSON object, got " + template);
      }
    }
    GenerateSecretString spec = new GenerateSecretString(length, text(properties, "ExcludeCharacters", resolve),
        flag(properties, "ExcludeLowercase", false, resolve), flag(properties, "ExcludeUppercase", false, resolve),
        flag(properties, "ExcludeNumbers", false, resolve), flag(properties, "ExcludePunctuation", false, resolve),
        flag(properties, "IncludeSpace", false, resolve), flag(properties, "RequireEachIncludedType", true, resolve),
        template, key);
    spec.characterTypes(); // fails now, not at the first start that generates
    return spec;
  }

  /** A new secret value, from {@code random}. */
  String generate(SecureRandom random) {
    List<String> types = characterTypes();
    String all = pool(types);
    List<Character> password = new ArrayList<>(passwordLength);
    if (requireEachIncludedType) {
      for (String type : types) {
        password.add(type.charAt(random.nextInt(type.length())));
      }
    }
    while (password.size() < passwordLength) {
      password.add(all.charAt(random.nextInt(all.length())));
    }
    for (int i = password.size() - 1; i > 0; i--) { // Fisher-Yates: the required characters go anywhere
      int j = random.nextInt(i + 1);
      Character swapped = password.get(i);
      password.set(i, password.get(j));
      password.set(j, swapped);
    }
    StringBuilder text = new StringBuilder(passwordLength);
    password.forEach(text::append);
    if (secretStringTemplate == null) {
      return text.toString();
    }
    try {
      ObjectNode secret = (ObjectNode) JSON.readTree(secretStringTemplate);
      secret.put(generateStringKey, text.toString());
      return JSON.writeValueAsString(secret);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("checked when read", e);
    }
  }

  /**
   * The character types left after the exclusions (lowercase, uppercase, digits, punctuation), each as the
   * characters it may use; a space is no type of its own (RequireEachIncludedType doesn't ask for one).
   */
  private List<String> characterTypes() {
    List<String> types = new ArrayList<>();
    addType(types, LOWERCASE, excludeLowercase);
    addType(types, UPPERCASE, excludeUppercase);
    addType(types, DIGITS, excludeNumbers);
    addType(types, PUNCTUATION, excludePunctuation);
    if (pool(types).isEmpty()) {
      throw new TemplateException("GenerateSecretString excludes every character: nothing is left to generate from");
    }
    if (requireEachIncludedType && types.size() > passwordLength) {
      throw new TemplateException("GenerateSecretString.PasswordLength " + passwordLength + " is too short to include"
          + " each of the " + types.size() + " character types (RequireEachIncludedType)");
    }
    return types;
  }

  private String pool(List<String> types) {
    boolean space = includeSpace && (excludeCharacters == null || excludeCharacters.indexOf(' ') < 0);
    return String.join("", types) + (space ? " " : "");
  }

  private void addType(List<String> types, String characters, boolean excluded) {
    if (excluded) {
      return;
    }
    StringBuilder left = new StringBuilder();
    for (char c : characters.toCharArray()) {
      if (excludeCharacters == null || excludeCharacters.indexOf(c) < 0) {
        left.append(c);
      }
    }
    if (left.length() > 0) {
      types.add(left.toString());
    }
  }

  private static String text(Map<?, ?> properties, String name, Function<Object, String> resolve) {
    Object value = properties.get(name);
    return value == null ? null : resolve.apply(value);
  }

  private static boolean flag(Map<?, ?> properties, String name, boolean defaultValue, Function<Object, String> resolve) {
    Object value = properties.get(name);
    if (value == null) {
      return defaultValue;
    }
    String text = resolve.apply(value).trim();
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new TemplateException("GenerateSecretString." + name + " must be true or false, got '" + text + "'");
  }
}
