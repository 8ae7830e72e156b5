package com.modelregistry.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.testing.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AWS endpoint's protocol handling over plain HTTP: dispatch, error shapes, request ids. */
class AwsEndpointIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static AwsEndpoint endpoint;

  /** A JSON 1.0 service that echoes, fails as asked, or crashes. */
  private static final AwsJsonService ECHO = new AwsJsonService() {
    @Override
    public String targetPrefix() {
      return "Echo_20240101";
    }

    @Override
    public String contentType() {
      return "application/x-amz-json-1.0";
    }

    @Override
    public JsonNode handle(String operation, JsonNode input) {
      switch (operation) {
        case "Echo":
          ObjectNode output = JSON.createObjectNode();
          output.set("input", input);
          return output;
        case "Fail":
          throw new AwsServiceError("ThingDoesNotExist", "Thing 'x' does not exist");
        case "Crash":
          throw new IllegalStateException("secret internals");
        case "Nothing":
          return null;
        default:
          throw new AwsServiceError("UnknownOperationException", "no " + operation);
      }
    }
  };

  /** A REST-JSON service with one route. */
  private static final AwsRestJsonService REST = new AwsRestJsonService() {
    @Override
    public String displayName() {
      return "Rest";
    }

    @Override
    public Optional<String> operation(String method, String path) {
      return method.equals("POST") && path.equals("/v1/things") ? Optional.of("CreateThing") : Optional.empty();
    }

    @Override
    public JsonNode handle(String operation, AwsRestRequest request) {
      if (request.body().has("bad")) {
        throw new AwsServiceError("BadRequestException", "bad thing");
      }
      ObjectNode output = JSON.createObjectNode();
      output.put("operation", operation);
      output.put("q", request.query().get("q").get(0));
      return output;
    }
  };

  @BeforeAll
  static void start() {
    endpoint = AwsEndpoint.start(0);
    endpoint.register(ECHO);
    endpoint.register(REST);
  }

  @AfterAll
  static void stop() {
    endpoint.close();
  }

  private static HttpResponse<byte[]> json(String target, String body) {
    HttpRequest.Builder request = Http.request(endpoint.uri() + "/")
        .header("Content-Type", "application/x-amz-json-1.0")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (target != null) {
      request.header("X-Amz-Target", target);
    }
    return Http.send(request);
  }

  private static void assertError(HttpResponse<byte[]> response, int status, String type, boolean jsonProtocol) {
    assertEquals(status, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
    assertEquals(type, response.headers().firstValue("x-amzn-ErrorType").orElse(null));
    JsonNode body = Http.json(response);
    assertEquals(jsonProtocol ? type : null, body.has("__type") ? body.get("__type").asText() : null);
    assertTrue(body.get("message").isTextual());
    assertNotNull(response.headers().firstValue("x-amzn-RequestId").orElse(null));
  }

  @Test
  void givenATargetOfARegisteredService_whenPosting_thenItsOperationAnswersWithItsContentType() {
    HttpResponse<byte[]> response = json("Echo_20240101.Echo", "{\"a\": [1, 2]}");

    assertEquals(200, response.statusCode());
    assertEquals("application/x-amz-json-1.0", response.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("{\"input\":{\"a\":[1,2]}}", new String(response.body(), StandardCharsets.UTF_8));
    assertTrue(response.headers().firstValue("x-amzn-RequestId").orElseThrow().matches("[0-9a-f-]{36}"));
  }

  @Test
  void givenAnEmptyBodyOrAnOperationWithoutOutput_thenTheyAreAnEmptyObjectAndAnEmptyBody() {
    assertEquals("{\"input\":{}}", new String(json("Echo_20240101.Echo", "").body(), StandardCharsets.UTF_8));
    HttpResponse<byte[]> nothing = json("Echo_20240101.Nothing", "{}");
    assertEquals(200, nothing.statusCode());
    assertEquals(0, nothing.body().length);
  }

  @Test
  void givenAnUnknownPrefixOrOperation_thenUnknownOperationException() {
    assertError(json("Nope_1.Echo", "{}"), 400, "UnknownOperationException", true);
    assertError(json("Echo_20240101.Frobnicate", "{}"), 400, "UnknownOperationException", true);
    assertError(json("NoDot", "{}"), 400, "UnknownOperationException", true);
  }

  @Test
  void givenMalformedJsonOrANonObject_thenSerializationException() {
    assertError(json("Echo_20240101.Echo", "{\"a\": "), 400, "SerializationException", true);
    assertError(json("Echo_20240101.Echo", "[1]"), 400, "SerializationException", true);
  }

  @Test
  void givenAServiceError_thenItsTypeStatusAndMessageAsAwsJsonSendsThem() {
    HttpResponse<byte[]> response = json("Echo_20240101.Fail", "{}");

    assertError(response, 400, "ThingDoesNotExist", true);
    assertEquals("Thing 'x' does not exist", Http.json(response).get("message").asText());
    assertEquals("application/x-amz-json-1.0", response.headers().firstValue("Content-Type").orElseThrow());
  }

  @Test
  void givenAServiceThatCrashes_thenA500WithoutItsInternals() {
    HttpResponse<byte[]> response = json("Echo_20240101.Crash", "{}");

    assertError(response, 500, "InternalFailure", true);
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertFalse(body.contains("secret internals"), body);
    assertFalse(body.contains("IllegalStateException"), body);
  }

  @Test
  void givenARestRoute_thenItsServiceAnswersAndErrorsCarryTheTypeOnlyInTheHeader() {
    HttpResponse<byte[]> created = Http.send(Http.request(endpoint.uri() + "/v1/things?q=a%20b")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertEquals(200, created.statusCode());
    assertEquals("{\"operation\":\"CreateThing\",\"q\":\"a b\"}", new String(created.body(), StandardCharsets.UTF_8));
    assertEquals("application/json", created.headers().firstValue("Content-Type").orElseThrow());

    HttpResponse<byte[]> bad = Http.send(Http.request(endpoint.uri() + "/v1/things?q=1")
        .POST(HttpRequest.BodyPublishers.ofString("{\"bad\": true}")));
    assertError(bad, 400, "BadRequestException", false);
    assertEquals("{\"message\":\"bad thing\"}", new String(bad.body(), StandardCharsets.UTF_8));

    assertError(Http.send(Http.request(endpoint.uri() + "/v1/things?q=1")
        .POST(HttpRequest.BodyPublishers.ofString("{oops"))), 400, "SerializationException", false);
  }

  @Test
  void givenNoRoute_thenA404UnknownOperationException() {
    assertError(Http.send(Http.request(endpoint.uri() + "/nothing/here")), 404, "UnknownOperationException", false);
  }

  @Test
  void givenRegistrations_thenTheirNamesAreListedAndAPrefixCanBeTakenOnce() {
    assertEquals(List.of("Echo_20240101", "Rest"), endpoint.serviceNames());
    assertTrue(endpoint.jsonService("Echo_20240101").isPresent());
    IllegalStateException twice = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> endpoint.register(ECHO));
    assertTrue(twice.getMessage().contains("Echo_20240101"), twice.getMessage());
  }
}
