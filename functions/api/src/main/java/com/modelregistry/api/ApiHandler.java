package com.modelregistry.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.modelregistry.aws.AwsClients;
import com.modelregistry.aws.Config;
import java.util.Map;

/** The HTTP API Lambda (payload format 2.0). PLACEHOLDER: being written. */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  public ApiHandler() {
    this(Config.fromEnvironment(System.getenv()));
  }

  private ApiHandler(Config config) {
    this(config, AwsClients.create(config));
  }

  public ApiHandler(Config config, AwsClients clients) {
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    if ("/v1/health".equals(event.getRawPath())) {
      return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
          .withHeaders(Map.of("content-type", "application/json")).withBody("{\"status\":\"ok\"}").build();
    }
    return APIGatewayV2HTTPResponse.builder().withStatusCode(501).withBody("{}").build();
  }
}
