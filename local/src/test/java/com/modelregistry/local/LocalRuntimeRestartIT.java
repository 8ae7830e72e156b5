package com.modelregistry.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.sam.TemplateException;
import com.modelregistry.local.testing.Http;
import com.modelregistry.local.testing.TestTemplates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;

/** What survives a restart, and what a data directory in use refuses. */
class LocalRuntimeRestartIT {

  private static final String BUCKET = "model-registry-artifacts-bucket";

  @TempDir
  Path dir;

  private Options options(Path template) {
    return Options.defaults().withPort(0).withAwsPort(0).withDataDir(dir.resolve("data")).withTemplateFile(template);
  }

  @Test
  void givenAnItemAndAnObject_whenRestartingOnTheSameDataDir_thenBothAndTheTokensAreStillThere() {
    Options options = options(TestTemplates.write(dir));
    Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("MODEL#fraud"), "SK", AttributeValue.fromS("META"));
    String adminToken;
    try (LocalRuntime first = LocalRuntime.start(options)) {
      adminToken = first.principals().byName("admin").orElseThrow().token();
      first.dynamoDb().putItem(put -> put.tableName("ModelsTable")
          .item(Map.of("PK", key.get("PK"), "SK", key.get("SK"), "owner", AttributeValue.fromS("ann"))));
      first.function("ApiFunction").clients().s3()
          .putObject(put -> put.bucket(BUCKET).key("models/fraud/1/model.bin"), RequestBody.fromString("weights"));
    }

    try (LocalRuntime second = LocalRuntime.start(options)) {
      assertEquals("ann", second.dynamoDb().getItem(get -> get.tableName("ModelsTable").key(key)).item().get("owner").s());
      assertEquals(7L, second.function("ApiFunction").clients().s3()
          .headObject(head -> head.bucket(BUCKET).key("models/fraud/1/model.bin")).contentLength());
      assertEquals(adminToken, second.principals().byName("admin").orElseThrow().token());
      assertEquals(200, Http.send(Http.request(second.baseUrl() + "/v1/models")
          .header("Authorization", "Bearer " + adminToken)).statusCode());
    }
  }

  @Test
  void givenARunningRuntime_whenStartingASecondOnTheSameDataDir_thenItFailsWithAClearMessage() {
    Options options = options(TestTemplates.write(dir));
    try (LocalRuntime running = LocalRuntime.start(options)) {
      IllegalStateException error = assertThrows(IllegalStateException.class, () -> LocalRuntime.start(options));

      assertTrue(error.getMessage().startsWith("another registry is running on " + running.dataDir()), error.getMessage());
      assertEquals(200, Http.send(Http.request(running.baseUrl() + "/v1/health")).statusCode(), "the first one still serves");
    }
  }

  @Test
  void givenAPrincipalsFile_thenItsTokensAuthorizeAndNoneAreGenerated() throws Exception {
    Path config = Files.writeString(dir.resolve("team.json"), """
        {"principals": [{"name": "ann", "email": "ann@example.com", "roles": ["approver"], "token": "ann-secret"}]}
        """);

    try (LocalRuntime runtime = LocalRuntime.start(options(TestTemplates.write(dir)).withPrincipalsFile(config))) {
      JsonNode claims = Http.json(Http.send(Http.request(runtime.baseUrl() + "/v1/models")
          .header("Authorization", "Bearer ann-secret"))).get("event").get("requestContext").get("authorizer").get("jwt")
          .get("claims");

      assertEquals("ann", claims.get("sub").asText());
      assertEquals("[approver]", claims.get("custom:roles").asText());
      assertEquals(config.toAbsolutePath(), runtime.principals().source());
      assertFalse(Files.exists(runtime.dataDir().resolve("principals.json")));
    }
  }

  @Test
  void givenAFailedStart_thenTheDataDirIsReleasedForTheNextStart() {
    Path broken = TestTemplates.write(dir.resolve("broken"),
        TestTemplates.text().replace("!Ref ModelsTable\n", "!ImportValue shared-table\n"));

    TemplateException error = assertThrows(TemplateException.class, () -> LocalRuntime.start(options(broken)));

    assertTrue(error.getMessage().contains("environment variable MODELS_TABLE: Fn::ImportValue is not supported"),
        error.getMessage());
    try (LocalRuntime runtime = LocalRuntime.start(options(TestTemplates.write(dir)))) {
      assertEquals(200, Http.send(Http.request(runtime.baseUrl() + "/v1/health")).statusCode());
    }
  }

  @Test
  void givenATemplateThatGainedAnIndex_whenRestarting_thenTheExistingTableGetsIt() {
    try (LocalRuntime first = LocalRuntime.start(options(TestTemplates.write(dir)))) {
      assertEquals(1, first.dynamoDb().describeTable(d -> d.tableName("ModelsTable")).table().globalSecondaryIndexes().size());
    }
    String withSecondIndex = TestTemplates.text()
        .replace("        - { AttributeName: GSI1SK, AttributeType: S }\n",
            "        - { AttributeName: GSI1SK, AttributeType: S }\n        - { AttributeName: GSI2PK, AttributeType: S }\n")
        .replace("      TimeToLiveSpecification:\n", """
                    - IndexName: GSI2
                      KeySchema: [{ AttributeName: GSI2PK, KeyType: HASH }]
                      Projection: { ProjectionType: KEYS_ONLY }
              TimeToLiveSpecification:
            """);

    try (LocalRuntime second = LocalRuntime.start(options(TestTemplates.write(dir.resolve("v2"), withSecondIndex)))) {
      assertEquals(List.of("GSI1", "GSI2"), second.dynamoDb().describeTable(d -> d.tableName("ModelsTable"))
          .table().globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName).sorted().toList());
    }
  }
}
