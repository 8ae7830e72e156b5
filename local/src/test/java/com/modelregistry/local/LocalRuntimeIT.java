package com.modelregistry.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.aws.AwsClients;
import com.modelregistry.local.testing.EchoHandler;
import com.modelregistry.local.testing.Http;
import com.modelregistry.local.testing.TestTemplates;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** The runtime end to end over HTTP, with test-template.yaml and its echoing test handler. */
class LocalRuntimeIT {

  private static final String BUCKET = "model-registry-artifacts-bucket";

  @TempDir
  static Path dir;

  private static LocalRuntime runtime;
  private static String adminToken;

  @BeforeAll
  static void start() {
    runtime = LocalRuntime.start(Options.defaults().withPort(0).withAwsPort(0).withDataDir(dir.resolve("data"))
        .withTemplateFile(TestTemplates.write(dir)));
    adminToken = runtime.principals().byName("admin").orElseThrow().token();
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  private static HttpResponse<byte[]> get(String path, String token) {
    HttpRequest.Builder request = Http.request(runtime.baseUrl() + path);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return Http.send(request);
  }

  private static JsonNode event(HttpResponse<byte[]> response) {
    assertEquals(200, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
    return Http.json(response).get("event");
  }

  @Test
  void givenNoToken_whenGettingHealth_thenTheHandlerAnswersWithoutAuthorizer() {
    HttpResponse<byte[]> response = get("/v1/health", null);

    JsonNode event = event(response);
    assertEquals("2.0", event.get("version").asText());
    assertEquals("GET /v1/health", event.get("routeKey").asText());
    assertEquals("/v1/health", event.get("rawPath").asText());
    assertEquals("", event.get("rawQueryString").asText());
    JsonNode context = event.get("requestContext");
    assertTrue(context.get("authorizer").isNull());
    assertEquals("$default", context.get("stage").asText());
    assertEquals("000000000000", context.get("accountId").asText());
    assertEquals("GET", context.get("http").get("method").asText());
    assertEquals("127.0.0.1", context.get("http").get("sourceIp").asText());
    assertEquals("HTTP/1.1", context.get("http").get("protocol").asText());
    assertEquals(response.headers().firstValue("x-amzn-requestid").orElseThrow(), context.get("requestId").asText());
    assertEquals(response.headers().firstValue("apigw-requestid").orElseThrow(), context.get("requestId").asText());
    assertTrue(context.get("time").asText().matches("\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000"));
  }

  @Test
  void givenNoOrAnUnknownToken_whenCallingAProtectedRoute_then401AndTheHandlerIsNotCalled() {
    int invocations = EchoHandler.INVOCATIONS.get();

    for (String token : new String[] {null, "not-a-token"}) {
      HttpResponse<byte[]> response = get("/v1/models", token);

      assertEquals(401, response.statusCode());
      JsonNode error = Http.json(response);
      assertEquals("UNAUTHENTICATED", error.get("errorCode").asText());
      assertTrue(error.get("message").asText().contains(runtime.principals().source().toString()),
          error.get("message").asText());
      assertEquals(response.headers().firstValue("x-amzn-requestid").orElseThrow(), error.get("requestId").asText());
    }
    assertEquals(invocations, EchoHandler.INVOCATIONS.get());
  }

  @Test
  void givenAToken_whenCallingTheProxyRoute_thenTheEventCarriesClaimsHeadersQueryAndCookies() {
    HttpResponse<byte[]> response = Http.send(Http.request(runtime.baseUrl() + "/v1/models?tag.a=1&tag.a=2&q=a%20b")
        .header("Authorization", "Bearer " + adminToken)
        .header("X-Custom", "one")
        .header("X-Custom", "two")
        .header("Cookie", "c1=v1; c2=v2"));

    JsonNode echo = Http.json(response);
    JsonNode event = event(response);
    assertEquals("ANY /{proxy+}", event.get("routeKey").asText());
    assertEquals("v1/models", event.get("pathParameters").get("proxy").asText());
    assertEquals("tag.a=1&tag.a=2&q=a%20b", event.get("rawQueryString").asText());
    assertEquals("1,2", event.get("queryStringParameters").get("tag.a").asText());
    assertEquals("a b", event.get("queryStringParameters").get("q").asText());
    assertEquals("one,two", event.get("headers").get("x-custom").asText());
    assertEquals("127.0.0.1", event.get("headers").get("x-forwarded-for").asText());
    assertFalse(event.get("headers").has("cookie"));
    assertEquals(List.of("c1=v1", "c2=v2"), List.of(event.get("cookies").get(0).asText(), event.get("cookies").get(1).asText()));
    JsonNode jwt = event.get("requestContext").get("authorizer").get("jwt");
    assertEquals("admin", jwt.get("claims").get("sub").asText());
    assertEquals("admin@example.com", jwt.get("claims").get("email").asText());
    assertEquals("[admin]", jwt.get("claims").get("custom:roles").asText(), "the template's ROLES_CLAIM names the claim");
    assertTrue(jwt.get("scopes").isNull());
    assertEquals("model-registry-local-ApiFunction", echo.get("functionName").asText());
    assertEquals(512, echo.get("memoryLimitInMB").asInt());
    int remaining = echo.get("remainingTimeInMillis").asInt();
    assertTrue(remaining > 20_000 && remaining <= 29_000, "the function's 29 s timeout: " + remaining);
    assertEquals("ModelsTable", echo.get("modelsTable").asText());
    assertEquals(2048, echo.get("maxBodyBytes").asInt());
  }

  @Test
  void givenARouteWithPathVariables_thenItBeatsTheProxyRouteAndTheValuesAreDecoded() {
    JsonNode event = event(get("/v1/models/fraud%20v2/versions/3", adminToken));

    assertEquals("GET /v1/models/{name}/versions/{version}", event.get("routeKey").asText());
    assertEquals("fraud v2", event.get("pathParameters").get("name").asText());
    assertEquals("3", event.get("pathParameters").get("version").asText());
  }

  @Test
  void givenBodies_thenTextGoesAsTextAndBinaryAsBase64() {
    JsonNode json = event(Http.send(Http.request(runtime.baseUrl() + "/v1/models")
        .header("Authorization", "Bearer " + adminToken).header("content-type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"fraud\"}"))));
    JsonNode binary = event(Http.send(Http.request(runtime.baseUrl() + "/v1/models")
        .header("Authorization", "Bearer " + adminToken).header("content-type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, (byte) 200}))));

    assertEquals("{\"name\":\"fraud\"}", json.get("body").asText());
    assertFalse(json.get("isBase64Encoded").asBoolean());
    assertEquals("POST", json.get("requestContext").get("http").get("method").asText());
    assertTrue(binary.get("isBase64Encoded").asBoolean());
    assertArrayEquals(new byte[] {1, 2, (byte) 200}, Base64.getDecoder().decode(binary.get("body").asText()));
  }

  @Test
  void givenABase64ResponseWithCookies_thenTheBytesAndSetCookieHeadersArrive() {
    HttpResponse<byte[]> response = get("/v1/binary", adminToken);

    assertEquals(201, response.statusCode());
    assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, response.body());
    assertEquals(List.of("a=1; Path=/", "b=2; HttpOnly"), response.headers().allValues("set-cookie"));
    assertEquals(List.of("one", "two"), response.headers().allValues("x-multi"));
    assertEquals("application/octet-stream", response.headers().firstValue("content-type").orElseThrow());
  }

  @Test
  void givenAHandlerThatThrows_then500AsApiGatewayAnswers() {
    HttpResponse<byte[]> response = get("/v1/boom", adminToken);

    assertEquals(500, response.statusCode());
    assertEquals("{\"message\":\"Internal Server Error\"}", new String(response.body(), StandardCharsets.UTF_8));
  }

  @Test
  void givenNoMatchingRoute_then404() {
    HttpResponse<byte[]> response = get("/", adminToken);

    assertEquals(404, response.statusCode());
    assertEquals("{\"message\":\"Not Found\"}", new String(response.body(), StandardCharsets.UTF_8));
  }

  @Test
  void givenABodyOverTenMebibytes_then413AndTheHandlerIsNotCalled() {
    int invocations = EchoHandler.INVOCATIONS.get();

    HttpResponse<byte[]> response = Http.send(Http.request(runtime.baseUrl() + "/v1/models")
        .header("Authorization", "Bearer " + adminToken).header("content-type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10 * 1024 * 1024 + 1])));

    assertEquals(413, response.statusCode());
    assertEquals("PAYLOAD_TOO_LARGE", Http.json(response).get("errorCode").asText());
    assertEquals(invocations, EchoHandler.INVOCATIONS.get());
  }

  @Test
  void givenTheTemplate_thenTheTableHasItsIndexAndTtl() {
    TableDescription table = runtime.dynamoDb().describeTable(request -> request.tableName("ModelsTable")).table();

    assertEquals("GSI1", table.globalSecondaryIndexes().get(0).indexName());
    assertEquals(TimeToLiveStatus.ENABLED, runtime.dynamoDb()
        .describeTimeToLive(request -> request.tableName("ModelsTable")).timeToLiveDescription().timeToLiveStatus());
  }

  @Test
  void givenAPresignedPutWithChecksum_whenUploading_thenTheRightBytesAreStoredAndWrongOnesRefused() throws Exception {
    AwsClients clients = runtime.function("ApiFunction").clients();
    byte[] artifact = "model weights".getBytes(StandardCharsets.UTF_8);
    String sha256 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(artifact));
    PresignedPutObjectRequest presigned = clients.s3Presigner().presignPutObject(request -> request
        .signatureDuration(Duration.ofMinutes(5))
        .putObjectRequest(put -> put.bucket(BUCKET).key("models/fraud/1/model.bin").checksumSHA256(sha256)));

    HttpResponse<byte[]> wrongBytes = Http.send(upload(presigned, "other bytes".getBytes(StandardCharsets.UTF_8)));
    HttpResponse<byte[]> rightBytes = Http.send(upload(presigned, artifact));

    assertEquals(400, wrongBytes.statusCode(), new String(wrongBytes.body(), StandardCharsets.UTF_8));
    assertEquals(200, rightBytes.statusCode(), new String(rightBytes.body(), StandardCharsets.UTF_8));
    assertEquals(artifact.length,
        clients.s3().headObject(head -> head.bucket(BUCKET).key("models/fraud/1/model.bin")).contentLength());
    assertTrue(presigned.url().toString().startsWith(runtime.s3Endpoint() + "/" + BUCKET + "/"), "path style");
  }

  @Test
  void givenATamperedPresignedUrl_then403() {
    PresignedPutObjectRequest presigned = runtime.function("ApiFunction").clients().s3Presigner()
        .presignPutObject(request -> request.signatureDuration(Duration.ofMinutes(5))
            .putObjectRequest(put -> put.bucket(BUCKET).key("models/fraud/1/a.bin")));
    String tampered = presigned.url().toString().replace("models/fraud/1/a.bin", "models/fraud/1/b.bin");

    HttpResponse<byte[]> response = Http.send(Http.request(tampered).PUT(HttpRequest.BodyPublishers.ofString("x")));

    assertEquals(403, response.statusCode());
  }

  private static HttpRequest.Builder upload(PresignedPutObjectRequest presigned, byte[] body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(presigned.url().toURI()).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    presigned.signedHeaders().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("host")) {
        values.forEach(value -> request.header(name, value));
      }
    });
    return request;
  }
}
