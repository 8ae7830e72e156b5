package com.modelregistry.local.promotions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.local.LocalRuntime;
import com.modelregistry.local.Options;
import com.modelregistry.local.sam.FunctionDefinition;
import com.modelregistry.local.testing.Http;
import com.modelregistry.local.testing.TestTemplates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The runtime with a template in the shape of the governed-promotions one ({@code promotions/template.yaml}):
 * two functions with HttpApi events routed and authorized per route, a workflow function without HttpApi
 * events run by a state machine with the same environment as the API's, a generated secret read through
 * the SDK, a log group as a rule's target, and the {@code ApprovalBaseUrl} parameter set to the runtime's
 * own URL.
 */
class PromotionTemplateIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "model-registry-local-";
  private static final String DEPLOYMENTS_LOG_GROUP = "/aws/events/model-registry-local/deployments";

  @TempDir
  static Path dir;

  private static LocalRuntime runtime;
  private static String approverToken;

  @BeforeAll
  static void start() {
    runtime = LocalRuntime.start(Options.defaults().withPort(0).withAwsPort(0).withDataDir(dir.resolve("data"))
        .withTemplateFile(TestTemplates.write(dir.resolve("template"), text())));
    approverToken = runtime.principals().byName("approver-1").orElseThrow().token();
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  static String text() {
    try (InputStream in = PromotionTemplateIT.class.getResourceAsStream("/promotions/template.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse<byte[]> call(String method, String path, String token) {
    HttpRequest.Builder request = Http.request(runtime.baseUrl() + path)
        .method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{}"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return Http.send(request);
  }

  /** The function that answered, the route it matched and the event's authorizer. */
  private static JsonNode answered(HttpResponse<byte[]> response) {
    assertEquals(200, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
    return Http.json(response);
  }

  @Test
  void givenTheTemplateDeclaresApprovalBaseUrl_thenTheFunctionsGetTheRuntimesOwnUrl_andApiUrlResolves() {
    assertTrue(runtime.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+"), runtime.baseUrl());
    assertTrue(runtime.apiPort() > 0);
    FunctionDefinition workflow = runtime.template().function("WorkflowFunction");

    assertEquals(runtime.baseUrl(), workflow.environment().get("APPROVAL_BASE_URL"));
    assertTrue(workflow.environment().get("API_URL").matches("https://[a-z0-9]{10}\\.execute-api\\.us-east-1\\.amazonaws\\.com"),
        workflow.environment().get("API_URL"));
    assertEquals("model-registry@example.com", workflow.environment().get("SENDER_EMAIL"));
    assertEquals(runtime.baseUrl(), runtime.template().parameterValue("ApprovalBaseUrl"));
    assertTrue(runtime.template().parameterOverrides().isEmpty(), "not shown as the user's override (banner)");
  }

  @Test
  void givenTwoFunctionsWithHttpApiEvents_whenRequestsArrive_thenEachGoesToItsFunction_withItsRoutesAuthorizer() {
    JsonNode page = answered(call("GET", "/v1/approvals/ap-1", null));
    assertEquals(PREFIX + "ApprovalFunction", page.get("functionName").asText());
    assertEquals("GET /v1/approvals/{id}", page.get("event").get("routeKey").asText());
    assertEquals("ap-1", page.get("event").get("pathParameters").get("id").asText());
    assertTrue(page.get("event").get("requestContext").get("authorizer").isNull(), "Authorizer NONE: no claims");

    JsonNode decision = answered(call("POST", "/v1/approvals/ap-1", null));
    assertEquals(PREFIX + "ApprovalFunction", decision.get("functionName").asText());
    assertEquals("POST /v1/approvals/{id}", decision.get("event").get("routeKey").asText());

    HttpResponse<byte[]> anonymousApproval = call("POST", "/v1/promotions/pr-1/approvals", null);
    assertEquals(401, anonymousApproval.statusCode(), "the default JWT authorizer applies to this route");
    JsonNode approval = answered(call("POST", "/v1/promotions/pr-1/approvals", approverToken));
    assertEquals(PREFIX + "ApprovalFunction", approval.get("functionName").asText());
    assertEquals("POST /v1/promotions/{id}/approvals", approval.get("event").get("routeKey").asText());
    JsonNode claims = approval.get("event").get("requestContext").get("authorizer").get("jwt").get("claims");
    assertEquals("approver-1", claims.get("sub").asText());
    assertTrue(claims.get("cognito:groups").asText().contains("approver"), claims.toString());

    assertEquals(401, call("GET", "/v1/models", null).statusCode());
    JsonNode models = answered(call("GET", "/v1/models", approverToken));
    assertEquals(PREFIX + "ApiFunction", models.get("functionName").asText());
    assertEquals("ANY /{proxy+}", models.get("event").get("routeKey").asText());
    assertEquals(PREFIX + "ApiFunction", answered(call("GET", "/v1/health", null)).get("functionName").asText());

    // Methods the ApprovalFunction has no route for fall through to the API's authorized proxy route.
    assertEquals(401, call("DELETE", "/v1/approvals/ap-1", null).statusCode());
    JsonNode deleted = answered(call("DELETE", "/v1/approvals/ap-1", approverToken));
    assertEquals(PREFIX + "ApiFunction", deleted.get("functionName").asText());
    JsonNode listed = answered(call("GET", "/v1/promotions/pr-1/approvals", approverToken));
    assertEquals(PREFIX + "ApiFunction", listed.get("functionName").asText());
  }

  @Test
  void givenASecretWithGenerateSecretString_whenReadThroughTheSdk_thenItIsGeneratedOnce_andRefGivesItsArn() {
    String arn = runtime.template().function("ApprovalFunction").environment().get("APPROVAL_SECRET_ARN");
    assertTrue(arn.matches("arn:aws:secretsmanager:us-east-1:000000000000:secret:"
        + "model-registry-local-ApprovalSigningSecret-[A-Za-z0-9]{6}"), arn);

    try (SecretsManagerClient secrets = SecretsManagerClient.create()) {
      GetSecretValueResponse byArn = secrets.getSecretValue(request -> request.secretId(arn));
      assertEquals(arn, byArn.arn());
      assertEquals("model-registry-local-ApprovalSigningSecret", byArn.name());
      assertTrue(byArn.secretString().matches("[A-Za-z0-9]{64}"), "PasswordLength 64, ExcludePunctuation");
      assertEquals(List.of("AWSCURRENT"), byArn.versionStages());
      assertTrue(byArn.versionId() != null && byArn.createdDate() != null);
      assertEquals(byArn.secretString(), secrets.getSecretValue(request -> request.secretId(byArn.name())).secretString());

      ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class,
          () -> secrets.getSecretValue(request -> request.secretId("no-such-secret")));
      assertEquals(400, missing.statusCode());
      assertEquals("ResourceNotFoundException", missing.awsErrorDetails().errorCode());
    }
    assertTrue(Files.exists(runtime.dataDir().resolve("secrets").resolve("secrets.json")));
  }

  @Test
  void givenAWorkflowFunctionWithoutHttpApiEvents_whenTheStateMachineRunsIt_thenItHasTheApisEnvironment_andItsEventsReachTheLogGroup()
      throws Exception {
    String machine = runtime.template().function("ApiFunction").environment().get("PROMOTION_STATE_MACHINE_ARN");
    assertEquals("arn:aws:states:us-east-1:000000000000:stateMachine:" + PREFIX + "PromotionStateMachine", machine);

    JsonNode output;
    try (SfnClient sfn = SfnClient.create()) {
      String execution = sfn.startExecution(request -> request.stateMachineArn(machine).name("pr-7")
          .input("{\"promotionId\": \"pr-7\"}")).executionArn();
      DescribeExecutionResponse described = sfn.describeExecution(request -> request.executionArn(execution));
      for (int i = 0; i < 200 && described.status() == ExecutionStatus.RUNNING; i++) {
        Thread.sleep(50);
        described = sfn.describeExecution(request -> request.executionArn(execution));
      }
      DescribeExecutionResponse last = described;
      assertEquals(ExecutionStatus.SUCCEEDED, last.status(), () -> last.error() + ": " + last.cause());
      output = JSON.readTree(described.output());
    }
    assertEquals("begin", output.get("action").asText());
    assertEquals("pr-7", output.get("promotionId").asText());
    assertEquals(PREFIX + "WorkflowFunction", output.get("functionName").asText());
    assertEquals("us-east-1", output.get("region").asText(), "AWS_REGION, as Lambda sets it");
    assertEquals(true, output.get("s3ForcePathStyle").asBoolean(), "S3_FORCE_PATH_STYLE=true for the local S3 server");
    assertEquals("ModelsTable", output.get("modelsTable").asText());
    assertEquals("model-registry-artifacts-bucket", output.get("artifactsBucket").asText());
    assertTrue(output.get("secret").asText().matches("[A-Za-z0-9]{64}"), "the handler read the local secret");
    assertEquals(0, output.get("eventsFailed").asInt());

    assertTrue(runtime.eventBridge().awaitDeliveries(Duration.ofSeconds(20)));
    Path logFile = runtime.eventBridge().logGroupFile(DEPLOYMENTS_LOG_GROUP);
    assertEquals(runtime.dataDir().resolve("events/logs/aws_events_model-registry-local_deployments.jsonl"), logFile);
    List<String> lines = Files.readAllLines(logFile);
    JsonNode logged = lines.stream().map(PromotionTemplateIT::parse)
        .filter(event -> event.get("detail").get("promotionId").asText().equals("pr-7")).findFirst().orElseThrow();
    assertEquals("Model Version Promoted", logged.get("detail-type").asText());
    assertEquals("model-registry", logged.get("source").asText());
    assertEquals(2, logged.get("detail").get("version").asInt());
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
