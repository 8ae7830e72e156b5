package com.modelregistry.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda snapshots the initialised JVM, run the request path once so the
 * snapshot holds loaded and initialised classes (router, Jackson, the SDK's request pipeline, signing,
 * a DynamoDB round trip) instead of paying for them on the first request after every restore.
 */
final class SnapStartPriming implements Resource {
  private final ApiHandler handler;

  SnapStartPriming(ApiHandler handler) {
    this.handler = handler;
  }

  static void register(ApiHandler handler) {
    Core.getGlobalContext().register(new SnapStartPriming(handler));
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    handler.handleRequest(event("/v1/health", Map.of()), null);
    // A lookup of a model that is never created: one real GetItem through the whole SDK pipeline, answered 404.
    handler.handleRequest(event("/v1/models/snapstart-priming-probe", Map.of("name", "snapstart-priming",
        "cognito:groups", "[reader]")), null);
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // Nothing to refresh: clients hold no pooled connections across the snapshot.
  }

  private static APIGatewayV2HTTPEvent event(String path, Map<String, String> claims) {
    var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path).build();
    var jwt = APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build();
    var context = APIGatewayV2HTTPEvent.RequestContext.builder().withHttp(http).withRequestId("snapstart-priming")
        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withJwt(jwt).build()).build();
    return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRawPath(path).withRequestContext(context).build();
  }
}
