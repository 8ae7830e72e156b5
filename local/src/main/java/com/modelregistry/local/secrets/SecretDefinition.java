package com.modelregistry.local.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An {@code AWS::SecretsManager::Secret} of the template.
 *
 * @param name the secret's {@code Name}, else {@code model-registry-local-<LogicalId>}
 * @param arn what {@code Ref} gives: {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>-XXXXXX}
 * @param secretString the template's {@code SecretString}, or null
 * @param generate the template's {@code GenerateSecretString}, or null
 */
record SecretDefinition(String logicalId, String name, String arn, String description, String secretString,
    GenerateSecretString generate) {

  /**
   * What the value comes from, so that a restart can tell whether the stored value still fits: the same
   * {@code GenerateSecretString} keeps the generated value, a changed one generates a new one (as a stack
   * update does). Holds no secret in clear text.
   */
  String source() {
    if (secretString != null) {
      return "SecretString:" + sha256(secretString);
    }
    if (generate != null) {
      return "GenerateSecretString:" + sha256(generate.toString());
    }
    return "none";
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
