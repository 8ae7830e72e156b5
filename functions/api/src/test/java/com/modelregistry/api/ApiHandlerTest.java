package com.modelregistry.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.core.service.AuditService;
import com.modelregistry.core.service.ModelService;
import com.modelregistry.core.service.UploadPolicy;
import com.modelregistry.core.service.VersionService;
import com.modelregistry.core.testing.InMemoryArtifactStore;
import com.modelregistry.core.testing.InMemoryModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler on API Gateway v2 events from events/ (real payload shapes), with in-memory stores. */
class ApiHandlerTest {
  private static final ObjectMapper EVENTS = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private ApiHandler handler;

  @BeforeEach
  void setUp() {
    InMemoryModelStore store = new InMemoryModelStore();
    Clock clock = Clock.systemUTC();
    Router router = new RegistryRoutes(new ModelService(store, clock, () -> UUID.randomUUID().toString()),
        new VersionService(store, new InMemoryArtifactStore(), clock, UploadPolicy.DEFAULT),
        new AuditService(store)).router();
    handler = new ApiHandler(router, 1024 * 1024, "cognito:groups");
  }

  @Test
  void givenTheHealthEvent_thenOk() throws IOException {
    APIGatewayV2HTTPResponse response = handle("api-health.json");
    assertEquals(200, response.getStatusCode());
    assertEquals("ok", json(response).get("status").asText());
  }

  @Test
  void givenACreatedModel_whenAVersionIsRegisteredAndRead_thenTheShapesMatchTheApi() throws IOException {
    assertEquals(201, handle("api-create-model.json").getStatusCode());
    APIGatewayV2HTTPResponse registered = handle("api-register-version.json");
    assertEquals(201, registered.getStatusCode(), registered.getBody());
    JsonNode version = json(registered);
    assertEquals("fraud-detector", version.get("model").asText());
    assertEquals(1, version.get("version").asLong());
    assertEquals("PENDING_UPLOAD", version.get("status").asText());
    assertEquals("PUT", version.get("upload").get("method").asText());
    assertEquals("publisher", version.get("createdBy").asText());

    APIGatewayV2HTTPResponse replay = handle("api-register-version.json");
    assertEquals(1, json(replay).get("version").asLong(), "same Idempotency-Key and body: same version");

    JsonNode read = json(handle("api-get-version.json"));
    assertEquals("1.0.0", read.get("semver").asText());
    assertEquals(6, read.get("metadata").get("hyperparameters").get("maxDepth").asInt());
    assertEquals("None", read.get("stage").asText());

    JsonNode models = json(handle("api-list-models.json"));
    assertEquals("fraud-detector", models.get("models").get(0).get("name").asText());
  }

  @Test
  void givenAReader_whenItWrites_thenPermissionDenied() throws IOException {
    APIGatewayV2HTTPResponse response = handle("api-reader-writes.json");
    assertEquals(403, response.getStatusCode());
    JsonNode error = json(response);
    assertEquals("PERMISSION_DENIED", error.get("errorCode").asText());
    assertEquals("Jv1ZsgFXIAMEbXw=", error.get("requestId").asText());
  }

  @Test
  void givenAnUnknownField_thenInvalidArgumentNamingIt() throws IOException {
    JsonNode error = json(handle("api-unknown-field.json"));
    assertEquals("INVALID_ARGUMENT", error.get("errorCode").asText());
    assertTrue(error.get("message").asText().startsWith("unknown field 'colour'"), error.get("message").asText());
  }

  @Test
  void givenNoAuthorizerClaims_thenUnauthenticated() throws IOException {
    APIGatewayV2HTTPEvent event = event("api-get-version.json");
    event.getRequestContext().setAuthorizer(null);
    assertEquals(401, handler.handleRequest(event, null).getStatusCode());
  }

  @Test
  void givenABase64BodyOverTheLimit_thenPayloadTooLarge() throws IOException {
    APIGatewayV2HTTPEvent event = event("api-create-model.json");
    event.setBody(Base64.getEncoder().encodeToString(new byte[2 * 1024 * 1024]));
    event.setIsBase64Encoded(true);
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
    assertEquals(413, response.getStatusCode());
    assertEquals("PAYLOAD_TOO_LARGE", json(response).get("errorCode").asText());
  }

  @Test
  void givenAnUnknownRouteOrMethod_then404Or405() throws IOException {
    APIGatewayV2HTTPEvent unknown = event("api-get-version.json");
    unknown.setRawPath("/v1/nothing-here");
    assertEquals(404, handler.handleRequest(unknown, null).getStatusCode());
    APIGatewayV2HTTPEvent wrongMethod = event("api-get-version.json");
    wrongMethod.getRequestContext().getHttp().setMethod("PUT");
    APIGatewayV2HTTPResponse response = handler.handleRequest(wrongMethod, null);
    assertEquals(405, response.getStatusCode());
    assertEquals("GET, PATCH", response.getHeaders().get("allow"));
  }

  @Test
  void givenAnInternalFailure_thenNoInternalsLeak() throws IOException {
    Router broken = new Router().add("GET", "/v1/health", null, r -> {
      throw new IllegalStateException("secret table name models-prod-xyz");
    });
    APIGatewayV2HTTPResponse response = new ApiHandler(broken, 1024, "cognito:groups")
        .handleRequest(event("api-health.json"), null);
    assertEquals(500, response.getStatusCode());
    assertFalse(response.getBody().contains("models-prod-xyz"));
    assertFalse(response.getBody().contains("IllegalStateException"));
    assertEquals("INTERNAL", json(response).get("errorCode").asText());
  }

  @Test
  void givenSnapStartPriming_whenTheCheckpointNears_thenTheRequestPathRunsAndChangesNothing() throws IOException {
    PrimingRequests.of(handler, ApiHandler.PRIMING_PATHS).run();
    assertEquals(0, json(handle("api-list-models.json")).get("models").size(), "priming creates nothing");
  }

  private APIGatewayV2HTTPResponse handle(String fixture) throws IOException {
    return handler.handleRequest(event(fixture), null);
  }

  private static APIGatewayV2HTTPEvent event(String fixture) throws IOException {
    Path events = Path.of(System.getProperty("user.dir")).resolve("../../events").normalize();
    return EVENTS.readValue(Files.readString(events.resolve(fixture)), APIGatewayV2HTTPEvent.class);
  }

  private static JsonNode json(APIGatewayV2HTTPResponse response) throws IOException {
    return EVENTS.readTree(response.getBody());
  }
}
