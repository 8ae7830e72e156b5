package com.modelregistry.local.secrets;

import java.time.Instant;

/**
 * A secret as the local Secrets Manager keeps it: one version (stage {@code AWSCURRENT}) or none.
 *
 * @param versionId the current version's id; null when the secret has no value
 * @param secretString the current value; null when the secret has no value
 * @param source what the value came from ({@link SecretDefinition#source()})
 */
record StoredSecret(String name, String arn, String description, String versionId, String secretString,
    Instant createdDate, Instant lastChangedDate, String source) {

  boolean hasValue() {
    return secretString != null;
  }

  /** The same value under the template's current ARN and description. */
  StoredSecret describedBy(SecretDefinition definition) {
    return new StoredSecret(name, definition.arn(), definition.description(), versionId, secretString, createdDate,
        lastChangedDate, source);
  }
}
