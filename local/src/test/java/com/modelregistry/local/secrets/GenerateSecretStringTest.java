package com.modelregistry.local.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.local.sam.TemplateException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** GenerateSecretString as Secrets Manager's GetRandomPassword reads it. */
class GenerateSecretStringTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private static GenerateSecretString spec(Object... keysAndValues) {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return GenerateSecretString.of(properties, String::valueOf);
  }

  @Test
  void givenNoProperties_thenThirtyTwoCharactersOfEveryType() {
    GenerateSecretString spec = spec();
    for (int i = 0; i < 50; i++) {
      String password = spec.generate(RANDOM);
      assertEquals(32, password.length());
      assertTrue(password.chars().anyMatch(Character::isLowerCase), password);
      assertTrue(password.chars().anyMatch(Character::isUpperCase), password);
      assertTrue(password.chars().anyMatch(Character::isDigit), password);
      assertTrue(password.chars().anyMatch(c -> GenerateSecretString.PUNCTUATION.indexOf(c) >= 0), password);
      assertTrue(password.chars().noneMatch(c -> c == ' '), password);
    }
  }

  @Test
  void givenTheTemplatesSpec_thenSixtyFourLettersAndDigits_neverTheSameTwice() {
    GenerateSecretString spec = spec("PasswordLength", 64, "ExcludePunctuation", true);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String password = spec.generate(RANDOM);
      assertTrue(password.matches("[A-Za-z0-9]{64}"), password);
      assertTrue(seen.add(password));
    }
  }

  @Test
  void givenExclusions_thenNoneOfThoseCharactersAppear() {
    GenerateSecretString spec = spec("PasswordLength", "200", "ExcludeCharacters", "\"@/\\aA0", "ExcludeUppercase",
        "false", "ExcludeLowercase", false, "IncludeSpace", true);
    String password = spec.generate(RANDOM);
    assertEquals(200, password.length());
    for (char c : "\"@/\\aA0".toCharArray()) {
      assertEquals(-1, password.indexOf(c), "excluded " + c + " in " + password);
    }
    GenerateSecretString digitsOnly = spec("PasswordLength", 12, "ExcludeLowercase", true, "ExcludeUppercase", true,
        "ExcludePunctuation", true);
    assertTrue(digitsOnly.generate(RANDOM).matches("[0-9]{12}"));
  }

  @Test
  void givenASecretStringTemplate_thenThePasswordIsAddedUnderGenerateStringKey() throws Exception {
    GenerateSecretString spec = spec("SecretStringTemplate", "{\"username\": \"registry\"}", "GenerateStringKey",
        "password", "PasswordLength", 20);
    JsonNode secret = new ObjectMapper().readTree(spec.generate(RANDOM));
    assertEquals("registry", secret.get("username").asText());
    assertEquals(20, secret.get("password").asText().length());
  }

  @Test
  void givenRequireEachIncludedTypeOff_thenShortPasswordsAreFine() {
    GenerateSecretString spec = spec("PasswordLength", 1, "RequireEachIncludedType", false);
    assertEquals(1, spec.generate(RANDOM).length());
    assertNotEquals(spec("PasswordLength", 1, "RequireEachIncludedType", false).toString(),
        spec("PasswordLength", 2, "RequireEachIncludedType", false).toString(), "the spec's text tells versions apart");
  }

  @Test
  void givenMistakes_thenTemplateExceptionsSayWhat() {
    assertTrue(assertThrows(TemplateException.class, () -> spec("PasswordLength", 0)).getMessage()
        .contains("PasswordLength must be a whole number from 1 to 4096, got '0'"));
    assertTrue(assertThrows(TemplateException.class, () -> spec("PasswordLength", "many")).getMessage()
        .contains("got 'many'"));
    assertTrue(assertThrows(TemplateException.class, () -> spec("Length", 10)).getMessage()
        .contains("GenerateSecretString.Length is not a property of GenerateSecretString"));
    assertTrue(assertThrows(TemplateException.class, () -> spec("ExcludeNumbers", "yes")).getMessage()
        .contains("ExcludeNumbers must be true or false, got 'yes'"));
    assertTrue(assertThrows(TemplateException.class, () -> spec("GenerateStringKey", "password")).getMessage()
        .contains("needs both SecretStringTemplate and GenerateStringKey, or neither"));
    assertTrue(assertThrows(TemplateException.class,
        () -> spec("SecretStringTemplate", "[1]", "GenerateStringKey", "k")).getMessage()
        .contains("SecretStringTemplate must be a JSON object"));
    assertTrue(assertThrows(TemplateException.class, () -> spec("PasswordLength", 3)).getMessage()
        .contains("too short to include each of the 4 character types"));
    assertTrue(assertThrows(TemplateException.class, () -> spec("ExcludeLowercase", true, "ExcludeUppercase", true,
        "ExcludeNumbers", true, "ExcludePunctuation", true)).getMessage().contains("excludes every character"));
  }
}
