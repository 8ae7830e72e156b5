package com.modelregistry.local.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.modelregistry.aws.AwsClients;
import com.modelregistry.aws.Config;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test handler (named by test-template.yaml) that answers with what it received: the event, its
 * Lambda context and its Config. {@code /v1/boom} throws; {@code /v1/binary} answers base64 with cookies.
 */
public final class EchoHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  public static final AtomicInteger INVOCATIONS = new AtomicInteger();

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Config config;

  public EchoHandler(Config config, AwsClients clients) {
    this.config = config;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    INVOCATIONS.incrementAndGet();
    switch (event.getRawPath()) {
      case "/v1/boom":
        throw new IllegalStateException("boom (a test failure)");
      case "/v1/binary":
        return APIGatewayV2HTTPResponse.builder()
            .withStatusCode(201)
            .withHeaders(Map.of("content-type", "application/octet-stream"))
            .withMultiValueHeaders(Map.of("x-multi", List.of("one", "two")))
            .withCookies(List.of("a=1; Path=/", "b=2; HttpOnly"))
            .withBody(Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255}))
            .withIsBase64Encoded(true)
            .build();
      default:
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("event", event);
        echo.put("functionName", context.getFunctionName());
        echo.put("remainingTimeInMillis", context.getRemainingTimeInMillis());
        echo.put("memoryLimitInMB", context.getMemoryLimitInMB());
        echo.put("modelsTable", config.modelsTable());
        echo.put("rolesClaim", config.rolesClaim());
        echo.put("maxBodyBytes", config.maxBodyBytes());
        try {
          return APIGatewayV2HTTPResponse.builder()
              .withStatusCode(200)
              .withHeaders(Map.of("content-type", "application/json"))
              .withBody(JSON.writeValueAsString(echo))
              .build();
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
    }
  }
}
