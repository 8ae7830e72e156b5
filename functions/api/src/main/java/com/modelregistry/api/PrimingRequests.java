package com.modelregistry.api;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/**
 * The SnapStart probe of an HTTP function: GETs through the whole handler, as a reader, of paths that read
 * something that is never created (one real DynamoDB GetItem through the SDK pipeline, answered 404).
 */
final class PrimingRequests {
  private PrimingRequests() {}

  static Runnable of(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, String... paths) {
    return () -> {
      for (String path : paths) {
        handler.handleRequest(event(path), null);
      }
    };
  }

  private static APIGatewayV2HTTPEvent event(String path) {
    var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path).build();
    var jwt = APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
        .withClaims(Map.of("name", "snapstart-priming", "cognito:groups", "[reader]")).build();
    var context = APIGatewayV2HTTPEvent.RequestContext.builder().withHttp(http).withRequestId("snapstart-priming")
        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withJwt(jwt).build()).build();
    return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRawPath(path).withRequestContext(context).build();
  }
}
