package com.modelregistry.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.modelregistry.aws.AwsClients;
import com.modelregistry.aws.Config;
import com.modelregistry.aws.DynamoDbModelStore;
import com.modelregistry.aws.S3ArtifactStore;
import com.modelregistry.aws.SnapStartPriming;
import com.modelregistry.aws.StepFunctionsWorkflowEngine;
import com.modelregistry.core.port.ArtifactStore;
import com.modelregistry.core.port.ModelStore;
import com.modelregistry.core.promotion.PromotionService;
import com.modelregistry.core.service.AuditService;
import com.modelregistry.core.service.ModelService;
import com.modelregistry.core.service.UploadPolicy;
import com.modelregistry.core.service.VersionService;
import java.time.Clock;
import java.util.UUID;

/**
 * The HTTP API Lambda (API Gateway HTTP API, payload format 2.0): routes the request, checks the
 * caller's role, calls one service method, maps the result or the error. Collaborators are built
 * once per execution environment, in the constructor.
 */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  /** What SnapStart priming GETs: health, and a model that is never created (one real GetItem, 404). */
  static final String[] PRIMING_PATHS = {"/v1/health", "/v1/models/snapstart-priming-probe"};

  private final HttpPipeline pipeline;

  /**
   * Used by the Lambda runtime: configuration from the environment, clients from {@link AwsClients};
   * registers the SnapStart priming hook.
   */
  public ApiHandler() {
    this(Config.fromEnvironment(System.getenv()));
    SnapStartPriming.register(PrimingRequests.of(this, PRIMING_PATHS));
  }

  private ApiHandler(Config config) {
    this(config, AwsClients.create(config));
  }

  /** Used by the local runtime and tests, which bring their own clients. */
  public ApiHandler(Config config, AwsClients clients) {
    this(routes(config, clients, Clock.systemUTC()), config.maxBodyBytes(), config.rolesClaim());
  }

  ApiHandler(Router router, int maxBodyBytes, String rolesClaim) {
    this.pipeline = new HttpPipeline(router, maxBodyBytes, rolesClaim);
  }

  static Router routes(Config config, AwsClients clients, Clock clock) {
    ModelStore store = new DynamoDbModelStore(clients.dynamoDb(), config.modelsTable(), clock);
    ArtifactStore artifacts = new S3ArtifactStore(clients.s3(), clients.s3Presigner(), config.artifactsBucket());
    UploadPolicy uploads = new UploadPolicy(config.multipartThresholdBytes(), config.multipartPartBytes(),
        config.uploadUrlTtl(), config.downloadUrlTtl());
    Router router = new RegistryRoutes(
        new ModelService(store, clock, () -> UUID.randomUUID().toString()),
        new VersionService(store, artifacts, clock, uploads),
        new AuditService(store)).router();
    PromotionService promotions = new PromotionService(store,
        new StepFunctionsWorkflowEngine(clients.stepFunctions(), config.promotionStateMachineArn()), clock);
    return new PromotionRoutes(promotions).addTo(router);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return pipeline.handle(event, context);
  }
}
