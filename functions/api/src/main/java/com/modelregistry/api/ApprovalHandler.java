package com.modelregistry.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.modelregistry.aws.AwsClients;
import com.modelregistry.aws.Config;
import com.modelregistry.aws.DynamoDbModelStore;
import com.modelregistry.aws.SecretsManagerSigningKey;
import com.modelregistry.aws.SnapStartPriming;
import com.modelregistry.aws.StepFunctionsWorkflowEngine;
import com.modelregistry.core.promotion.ApprovalService;
import java.time.Clock;

/**
 * The approval function (HTTP API): the emailed link's confirmation page and its form, and the
 * authenticated approvers' JSON decision. It alone may complete the workflow's approval task
 * (states:SendTaskSuccess), and only after the decision is recorded.
 */
public final class ApprovalHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final HttpPipeline pipeline;

  /** Used by the Lambda runtime; registers the SnapStart probe (a link id that is never issued). */
  public ApprovalHandler() {
    this(Config.fromEnvironment(System.getenv()));
    SnapStartPriming.register(PrimingRequests.of(this, "/v1/approvals/" + "0".repeat(32)));
  }

  private ApprovalHandler(Config config) {
    this(config, AwsClients.create(config));
  }

  /** Used by the local runtime and tests. */
  public ApprovalHandler(Config config, AwsClients clients) {
    Clock clock = Clock.systemUTC();
    ApprovalService approvals = new ApprovalService(
        new DynamoDbModelStore(clients.dynamoDb(), config.modelsTable(), clock),
        new StepFunctionsWorkflowEngine(clients.stepFunctions(), null), null,
        new SecretsManagerSigningKey(clients.secretsManager(), config.approvalSecretArn()), null, clock);
    this.pipeline = new HttpPipeline(new ApprovalRoutes(approvals).router(), config.maxBodyBytes(), config.rolesClaim());
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return pipeline.handle(event, context);
  }
}
