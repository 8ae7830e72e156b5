package com.modelregistry.local.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.local.aws.AwsEndpoint;
import com.modelregistry.local.aws.SdkSystemProperties;
import com.modelregistry.local.sam.SamTemplate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The local Secrets Manager through the real SDK client, built without an endpoint override: the
 * {@code aws.endpointUrlSecretsManager} system property of {@link AwsEndpoint#SDK_ENDPOINT_PROPERTIES}
 * sends it to the local endpoint, and awsJson1_1 answers and errors parse into the SDK's types.
 */
class SecretsManagerSdkIT {

  private static final String TEMPLATE = """
      Resources:
        ApprovalSigningSecret:
          Type: AWS::SecretsManager::Secret
          Properties:
            GenerateSecretString:
              PasswordLength: 64
              ExcludePunctuation: true
        DatabaseSecret:
          Type: AWS::SecretsManager::Secret
          Properties:
            Name: registry/database
            Description: Database login
            GenerateSecretString:
              SecretStringTemplate: '{"username": "registry"}'
              GenerateStringKey: password
              ExcludeCharacters: '"@/\\'
      """;

  @TempDir
  static Path dir;

  private static AwsEndpoint endpoint;
  private static SdkSystemProperties properties;
  private static String signingArn;

  @BeforeAll
  static void start() {
    SamTemplate template = SamTemplate.parse(TEMPLATE, "secrets.yaml");
    signingArn = template.resolve(Map.of("Ref", "ApprovalSigningSecret"));
    endpoint = AwsEndpoint.start(0);
    endpoint.register(LocalSecretsManager.start(dir.resolve("secrets"), template, Clock.systemUTC()).service());
    properties = SdkSystemProperties.pointAt(endpoint.uri());
  }

  @AfterAll
  static void stop() {
    properties.close();
    endpoint.close();
  }

  @Test
  void givenNoEndpointOverride_whenGettingASecretValue_thenTheLocalSecretsManagerAnswers() {
    assertTrue(AwsEndpoint.SDK_ENDPOINT_PROPERTIES.contains("aws.endpointUrlSecretsManager"));
    try (SecretsManagerClient secrets = SecretsManagerClient.builder().build()) {
      GetSecretValueResponse value = secrets.getSecretValue(request -> request.secretId(signingArn));
      assertEquals(signingArn, value.arn());
      assertEquals("model-registry-local-ApprovalSigningSecret", value.name());
      assertTrue(value.secretString().matches("[A-Za-z0-9]{64}"), value.secretString());
      assertEquals(List.of("AWSCURRENT"), value.versionStages());
      assertTrue(value.createdDate().getEpochSecond() > 1_700_000_000L, value.createdDate().toString());
      assertEquals(value.secretString(),
          secrets.getSecretValue(request -> request.secretId(value.name())).secretString());

      GetSecretValueResponse database = secrets.getSecretValue(request -> request.secretId("registry/database"));
      assertTrue(database.secretString().matches("\\{\"username\":\"registry\",\"password\":\"[^\"@/\\\\]{32}\"}"),
          database.secretString());
      DescribeSecretResponse described = secrets.describeSecret(request -> request.secretId(database.arn()));
      assertEquals("Database login", described.description());
      assertEquals(List.of("AWSCURRENT"), described.versionIdsToStages().get(database.versionId()));
      assertEquals(2, secrets.listSecrets(request -> {}).secretList().size());
    }
  }

  @Test
  void givenAnUnknownSecret_whenGot_thenResourceNotFoundException() {
    try (SecretsManagerClient secrets = SecretsManagerClient.builder().build()) {
      ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class,
          () -> secrets.getSecretValue(request -> request.secretId(signingArn.replace("Signing", "Other"))));
      assertEquals(400, missing.statusCode());
      assertEquals("ResourceNotFoundException", missing.awsErrorDetails().errorCode());
      assertTrue(missing.getMessage().startsWith("Secrets Manager can't find the specified secret."),
          missing.getMessage());
      assertTrue(missing.requestId() != null && !missing.requestId().isEmpty());

      SecretsManagerException unsupported = assertThrows(SecretsManagerException.class,
          () -> secrets.putSecretValue(request -> request.secretId(signingArn).secretString("x")));
      assertEquals("UnknownOperationException", unsupported.awsErrorDetails().errorCode());
    }
  }
}
