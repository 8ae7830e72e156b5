package com.modelregistry.aws;

import com.modelregistry.core.port.SigningKey;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The approval signing key: a Secrets Manager secret's string, read on first use and kept for the life of
 * the execution environment (never during SnapStart priming, so no snapshot holds it).
 */
public final class SecretsManagerSigningKey implements SigningKey {
  private final SecretsManagerClient secrets;
  private final String secretArn;
  private volatile byte[] key;

  public SecretsManagerSigningKey(SecretsManagerClient secrets, String secretArn) {
    this.secrets = secrets;
    this.secretArn = secretArn;
  }

  @Override
  public byte[] bytes() {
    byte[] current = key;
    if (current == null) {
      String secret = secrets.getSecretValue(request -> request.secretId(Config.require(secretArn, "APPROVAL_SECRET_ARN")))
          .secretString();
      if (secret == null || secret.length() < 32) {
        throw new IllegalStateException("the approval signing secret must hold a string of at least 32 characters");
      }
      current = secret.getBytes(StandardCharsets.UTF_8);
      key = current;
    }
    return current.clone();
  }
}
