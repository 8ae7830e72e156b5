package com.modelregistry.local.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.aws.AwsJsonService;
import com.modelregistry.local.aws.AwsServiceError;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets Manager's API (awsJson1_1, {@code X-Amz-Target: secretsmanager.<Operation>}) over the
 * template's secrets, read-only: GetSecretValue, DescribeSecret and ListSecrets. A secret is found by its
 * name, its ARN, or its ARN without the six-character suffix (a partial ARN), as on AWS.
 */
final class SecretsManagerService implements AwsJsonService {

  static final String TARGET_PREFIX = "secretsmanager";
  static final String CURRENT_STAGE = "AWSCURRENT";

  private static final List<String> OPERATIONS = List.of("GetSecretValue", "DescribeSecret", "ListSecrets");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, StoredSecret> secretsByName;

  SecretsManagerService(Map<String, StoredSecret> secretsByName) {
    this.secretsByName = Map.copyOf(secretsByName);
  }

  @Override
  public String targetPrefix() {
    return TARGET_PREFIX;
  }

  @Override
  public String contentType() {
    return "application/x-amz-json-1.1";
  }

  @Override
  public String displayName() {
    return "Secrets Manager";
  }

  @Override
  public JsonNode handle(String operation, JsonNode input) {
    return switch (operation) {
      case "GetSecretValue" -> getSecretValue(input);
      case "DescribeSecret" -> describeSecret(input);
      case "ListSecrets" -> listSecrets(input);
      default -> throw new AwsServiceError("UnknownOperationException", "the local Secrets Manager does not support "
          + operation + " (it supports " + String.join(", ", OPERATIONS) + "; its secrets come from the template's "
          + SecretsTemplate.TYPE + " resources)");
    };
  }

  /** The secret found by name, ARN or partial ARN. */
  Optional<StoredSecret> find(String secretId) {
    StoredSecret byName = secretsByName.get(secretId);
    if (byName != null) {
      return Optional.of(byName);
    }
    return secretsByName.values().stream()
        .filter(secret -> secret.arn().equals(secretId)
            || secret.arn().substring(0, secret.arn().length() - "-XXXXXX".length()).equals(secretId))
        .findFirst();
  }

  private JsonNode getSecretValue(JsonNode input) {
    StoredSecret secret = secret(input);
    String versionId = text(input, "VersionId");
    String stage = text(input, "VersionStage");
    if (versionId != null && !versionId.equals(secret.versionId())) {
      throw notFound("Secrets Manager can't find the specified secret value for VersionId: " + versionId);
    }
    if (stage != null && !stage.equals(CURRENT_STAGE)) {
      throw notFound("Secrets Manager can't find the specified secret value for staging label: " + stage);
    }
    if (!secret.hasValue()) {
      throw notFound("Secrets Manager can't find the specified secret value for staging label: " + CURRENT_STAGE);
    }
    ObjectNode output = NODES.objectNode();
    output.put("ARN", secret.arn());
    output.put("Name", secret.name());
    output.put("VersionId", secret.versionId());
    output.put("SecretString", secret.secretString());
    output.putArray("VersionStages").add(CURRENT_STAGE);
    output.set("CreatedDate", epochSeconds(secret.lastChangedDate()));
    return output;
  }

  private JsonNode describeSecret(JsonNode input) {
    return description(secret(input), "VersionIdsToStages");
  }

  private JsonNode listSecrets(JsonNode input) {
    if (input.hasNonNull("Filters") && !input.path("Filters").isEmpty()) {
      throw new AwsServiceError("InvalidParameterException",
          "the local Secrets Manager does not filter ListSecrets: call it without Filters");
    }
    ObjectNode output = NODES.objectNode();
    ArrayNode list = output.putArray("SecretList");
    secretsByName.values().stream().sorted((a, b) -> a.name().compareTo(b.name()))
        .forEach(secret -> list.add(description(secret, "SecretVersionsToStages")));
    return output;
  }

  private static ObjectNode description(StoredSecret secret, String versionsMember) {
    ObjectNode output = NODES.objectNode();
    output.put("ARN", secret.arn());
    output.put("Name", secret.name());
    if (secret.description() != null) {
      output.put("Description", secret.description());
    }
    output.set("CreatedDate", epochSeconds(secret.createdDate()));
    output.set("LastChangedDate", epochSeconds(secret.lastChangedDate()));
    ObjectNode versions = output.putObject(versionsMember);
    if (secret.hasValue()) {
      versions.putArray(secret.versionId()).add(CURRENT_STAGE);
    }
    return output;
  }

  private StoredSecret secret(JsonNode input) {
    String secretId = text(input, "SecretId");
    if (secretId == null || secretId.isEmpty()) {
      throw new AwsServiceError("ValidationException",
          "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null");
    }
    return find(secretId).orElseThrow(() -> notFound("Secrets Manager can't find the specified secret."));
  }

  private static AwsServiceError notFound(String message) {
    return new AwsServiceError("ResourceNotFoundException", message);
  }

  private static String text(JsonNode input, String field) {
    JsonNode value = input.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** awsJson timestamps: epoch seconds with a fraction. */
  private static JsonNode epochSeconds(Instant instant) {
    return DecimalNode.valueOf(BigDecimal.valueOf(instant.toEpochMilli(), 3));
  }
}
