package com.modelregistry.local.secrets;

import com.modelregistry.local.aws.AwsJsonService;
import com.modelregistry.local.sam.SamTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The local Secrets Manager: every {@code AWS::SecretsManager::Secret} of the template, read-only through
 * GetSecretValue, DescribeSecret and ListSecrets on the AWS endpoint. A {@code SecretString} is used as
 * given; a {@code GenerateSecretString} value is generated once with {@link SecureRandom} and kept in
 * {@code <data-dir>/secrets/secrets.json} (owner-only), so a restart keeps it (what links signed with it
 * rely on). Changing a secret's {@code GenerateSecretString} or {@code SecretString} in the template makes a
 * new value at the next start, as a stack update would.
 *
 * <pre>{@code
 * LocalSecretsManager secrets = LocalSecretsManager.start(dataDir.resolve("secrets"), template, clock);
 * endpoint.register(secrets.service());    // secretsmanager.* on the AWS endpoint
 * }</pre>
 */
public final class LocalSecretsManager {

  private final SecretStore store;
  private final SecretsManagerService service;

  private LocalSecretsManager(SecretStore store, SecretsManagerService service) {
    this.store = store;
    this.service = service;
  }

  /**
   * Reads the template's secrets, keeps the stored values that still fit them and generates the missing
   * ones (writing the file only when something changed).
   *
   * @throws com.modelregistry.local.sam.TemplateException naming the secret, for a malformed one
   */
  public static LocalSecretsManager start(Path directory, SamTemplate template, Clock clock) {
    return start(directory, template, clock, new SecureRandom());
  }

  static LocalSecretsManager start(Path directory, SamTemplate template, Clock clock, SecureRandom random) {
    List<SecretDefinition> definitions = new SecretsTemplate(template).secrets();
    SecretStore store = new SecretStore(directory);
    Map<String, StoredSecret> stored = definitions.isEmpty() && !Files.exists(store.file())
        ? Map.of() : store.load();
    Map<String, StoredSecret> current = new LinkedHashMap<>();
    boolean changed = !stored.keySet().equals(definitions.stream().map(SecretDefinition::name)
        .collect(Collectors.toSet()));
    for (SecretDefinition definition : definitions) {
      StoredSecret previous = stored.get(definition.name());
      StoredSecret secret;
      if (previous != null && previous.source().equals(definition.source())) {
        secret = previous.describedBy(definition);
        changed |= !secret.equals(previous);
      } else {
        if (previous != null && definition.generate() != null) {
          System.err.println("Secrets Manager: " + definition.logicalId() + "'s GenerateSecretString changed in the "
              + "template: generated a new value for " + definition.name());
        }
        secret = create(definition, previous, clock.instant(), random);
        changed = true;
      }
      current.put(secret.name(), secret);
    }
    if (changed) {
      store.save(current.values());
    }
    return new LocalSecretsManager(store, new SecretsManagerService(current));
  }

  /**
   * Reads the template's secrets without generating or storing anything, so that a mistake in them fails a
   * start before any server runs.
   *
   * @throws com.modelregistry.local.sam.TemplateException naming the secret and the problem
   */
  public static void checkTemplate(SamTemplate template) {
    new SecretsTemplate(template).secrets();
  }

  private static StoredSecret create(SecretDefinition definition, StoredSecret previous, Instant now,
      SecureRandom random) {
    String value = definition.secretString() != null ? definition.secretString()
        : definition.generate() != null ? definition.generate().generate(random)
        : null;
    return new StoredSecret(definition.name(), definition.arn(), definition.description(),
        value == null ? null : UUID.randomUUID().toString(), value, previous == null ? now : previous.createdDate(), now,
        definition.source());
  }

  /** The {@code secretsmanager} JSON-protocol service to register on the AWS endpoint. */
  public AwsJsonService service() {
    return service;
  }

  /** The current value of a secret by name, ARN or partial ARN; empty if there is no such secret or it has no value. */
  public Optional<String> secretString(String secretId) {
    return service.find(secretId).map(StoredSecret::secretString);
  }

  /** Where the values are kept. */
  public Path file() {
    return store.file();
  }
}
