package com.modelregistry.local.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.sam.SamTemplate;
import com.modelregistry.local.sam.TemplateException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template's secrets: generated once and kept, given ones used as given, read with GetSecretValue. */
class LocalSecretsManagerTest {

  private static final String TEMPLATE = """
      Parameters:
        Greeting:
          Type: String
          Default: hello
      Resources:
        SigningSecret:
          Type: AWS::SecretsManager::Secret
          Properties:
            Description: Signs links
            GenerateSecretString:
              PasswordLength: 64
              ExcludePunctuation: true
        NamedSecret:
          Type: AWS::SecretsManager::Secret
          Properties:
            Name: !Sub "${AWS::StackName}/greeting"
            SecretString: !Sub "${Greeting}, world"
        EmptySecret:
          Type: AWS::SecretsManager::Secret
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Handler: com.example.Fn::handleRequest
            Environment:
              Variables:
                SECRET_ARN: !Ref SigningSecret
                NAMED_ARN: !Ref NamedSecret
      """;
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @TempDir
  Path dir;

  private static SamTemplate template(String text) {
    return SamTemplate.parse(text, "t.yaml");
  }

  private LocalSecretsManager start(String text, Instant now) {
    return LocalSecretsManager.start(dir.resolve("secrets"), template(text), Clock.fixed(now, ZoneOffset.UTC));
  }

  private static JsonNode get(LocalSecretsManager secrets, String secretId) {
    ObjectNode input = JsonNodeFactory.instance.objectNode().put("SecretId", secretId);
    return secrets.service().handle("GetSecretValue", input);
  }

  private static AwsServiceError refused(LocalSecretsManager secrets, String operation, ObjectNode input) {
    return assertThrows(AwsServiceError.class, () -> secrets.service().handle(operation, input));
  }

  @Test
  void givenSecrets_thenRefGivesAStableArn_byNameOrLogicalId() {
    SamTemplate template = template(TEMPLATE);
    String arn = template.function("Fn").environment().get("SECRET_ARN");
    assertTrue(arn.matches("arn:aws:secretsmanager:us-east-1:000000000000:secret:model-registry-local-SigningSecret-"
        + "[A-Za-z0-9]{6}"), arn);
    assertEquals(arn, template(TEMPLATE).function("Fn").environment().get("SECRET_ARN"), "the same at every start");
    assertTrue(template.function("Fn").environment().get("NAMED_ARN")
        .startsWith("arn:aws:secretsmanager:us-east-1:000000000000:secret:model-registry-local/greeting-"));
  }

  @Test
  void givenAGeneratedSecret_whenGot_thenAnswersAsSecretsManager_byArnNameOrPartialArn() {
    LocalSecretsManager secrets = start(TEMPLATE, T0);
    String arn = template(TEMPLATE).function("Fn").environment().get("SECRET_ARN");

    JsonNode value = get(secrets, arn);
    assertEquals(arn, value.get("ARN").asText());
    assertEquals("model-registry-local-SigningSecret", value.get("Name").asText());
    assertTrue(value.get("SecretString").asText().matches("[A-Za-z0-9]{64}"), value.toString());
    assertTrue(value.get("VersionId").asText().matches("[0-9a-f-]{36}"), value.toString());
    assertEquals("[\"AWSCURRENT\"]", value.get("VersionStages").toString());
    assertEquals(T0.getEpochSecond(), value.get("CreatedDate").decimalValue().longValue());
    assertEquals(value, get(secrets, "model-registry-local-SigningSecret"));
    assertEquals(value, get(secrets, arn.substring(0, arn.length() - 7)), "a partial ARN (no suffix) finds it too");
    assertEquals(value.get("SecretString").asText(), secrets.secretString(arn).orElseThrow());

    JsonNode named = get(secrets, "model-registry-local/greeting");
    assertEquals("hello, world", named.get("SecretString").asText());
  }

  @Test
  void givenUnknownIdsStagesOrVersions_thenResourceNotFound() {
    LocalSecretsManager secrets = start(TEMPLATE, T0);
    JsonNodeFactory nodes = JsonNodeFactory.instance;

    AwsServiceError unknown = refused(secrets, "GetSecretValue", nodes.objectNode().put("SecretId", "nope"));
    assertEquals("ResourceNotFoundException", unknown.errorType());
    assertEquals(400, unknown.httpStatus());
    assertEquals("Secrets Manager can't find the specified secret.", unknown.getMessage());
    assertEquals("ResourceNotFoundException", refused(secrets, "GetSecretValue", nodes.objectNode()
        .put("SecretId", "model-registry-local/greeting").put("VersionStage", "AWSPREVIOUS")).errorType());
    assertEquals("Secrets Manager can't find the specified secret value for VersionId: v1", refused(secrets,
        "GetSecretValue", nodes.objectNode().put("SecretId", "model-registry-local/greeting").put("VersionId", "v1"))
        .getMessage());
    assertEquals("Secrets Manager can't find the specified secret value for staging label: AWSCURRENT", refused(secrets,
        "GetSecretValue", nodes.objectNode().put("SecretId", "model-registry-local-EmptySecret")).getMessage(),
        "a secret with neither SecretString nor GenerateSecretString has no value");
    assertEquals("ValidationException", refused(secrets, "GetSecretValue", nodes.objectNode()).errorType());
    assertEquals("UnknownOperationException", refused(secrets, "PutSecretValue", nodes.objectNode()).errorType());

    String current = get(secrets, "model-registry-local/greeting").get("VersionId").asText();
    assertEquals("hello, world", secrets.service().handle("GetSecretValue", nodes.objectNode()
        .put("SecretId", "model-registry-local/greeting").put("VersionId", current).put("VersionStage", "AWSCURRENT"))
        .get("SecretString").asText());
  }

  @Test
  void givenSecrets_whenDescribedOrListed_thenNoValuesShow() {
    LocalSecretsManager secrets = start(TEMPLATE, T0);
    JsonNode described = secrets.service().handle("DescribeSecret",
        JsonNodeFactory.instance.objectNode().put("SecretId", "model-registry-local-SigningSecret"));
    assertEquals("Signs links", described.get("Description").asText());
    assertEquals(1, described.get("VersionIdsToStages").size());
    assertFalse(described.has("SecretString"));

    JsonNode listed = secrets.service().handle("ListSecrets", JsonNodeFactory.instance.objectNode());
    assertEquals(3, listed.get("SecretList").size());
    assertEquals("model-registry-local-EmptySecret", listed.get("SecretList").get(0).get("Name").asText());
    assertEquals(0, listed.get("SecretList").get(0).get("SecretVersionsToStages").size());
    assertFalse(listed.toString().contains("hello, world"));
  }

  @Test
  void givenARestart_thenTheGeneratedValueIsKept_ownerOnly_andAChangedSpecGeneratesANewOne() throws Exception {
    String first = get(start(TEMPLATE, T0), "model-registry-local-SigningSecret").get("SecretString").asText();
    Path file = dir.resolve("secrets").resolve("secrets.json");
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    }
    long modified = Files.getLastModifiedTime(file).toMillis();

    JsonNode again = get(start(TEMPLATE, T0.plusSeconds(60)), "model-registry-local-SigningSecret");
    assertEquals(first, again.get("SecretString").asText());
    assertEquals(T0.getEpochSecond(), again.get("CreatedDate").decimalValue().longValue());
    assertEquals(modified, Files.getLastModifiedTime(file).toMillis(), "nothing changed: the file is not rewritten");

    String longer = TEMPLATE.replace("PasswordLength: 64", "PasswordLength: 40");
    JsonNode regenerated = get(start(longer, T0.plusSeconds(120)), "model-registry-local-SigningSecret");
    assertEquals(40, regenerated.get("SecretString").asText().length());
    assertNotEquals(again.get("VersionId"), regenerated.get("VersionId"));
    assertEquals(T0.plusSeconds(120).getEpochSecond(), regenerated.get("CreatedDate").decimalValue().longValue(),
        "GetSecretValue's CreatedDate is the version's");

    String changedValue = TEMPLATE.replace("Default: hello", "Default: goodbye");
    assertEquals("goodbye, world", get(start(changedValue, T0), "model-registry-local/greeting").get("SecretString").asText());
    assertFalse(Files.readString(file).contains("hello, world"));
  }

  @Test
  void givenNoSecrets_thenNothingIsWritten() {
    LocalSecretsManager.start(dir.resolve("secrets"), template("Resources: {}\n"), Clock.systemUTC());
    assertFalse(Files.exists(dir.resolve("secrets")));
  }

  @Test
  void givenAMalformedSecret_thenTheTemplateCheckNamesIt() {
    String both = TEMPLATE.replace("ExcludePunctuation: true", "ExcludePunctuation: true\n      SecretString: x");
    TemplateException problem = assertThrows(TemplateException.class,
        () -> LocalSecretsManager.checkTemplate(template(both)));
    assertEquals("t.yaml: SigningSecret: SecretString and GenerateSecretString are exclusive: give one of them",
        problem.getMessage());
  }
}
