package com.modelregistry.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.modelregistry.aws.AwsClients;
import com.modelregistry.aws.Config;
import com.modelregistry.aws.DynamoDbModelStore;
import com.modelregistry.aws.SecretsManagerSigningKey;
import com.modelregistry.aws.SesMailer;
import com.modelregistry.core.promotion.ApprovalService;
import java.time.Clock;
import java.util.Map;

/**
 * The approval task ({@code lambda:invoke.waitForTaskToken}): {@code {"promotionId", "taskToken"}} in. Stores
 * the token server-side under one random link id per approver and mails each approver a signed link
 * (SES). The workflow then waits until the approval function completes the task, or the plan's timeout.
 */
public final class ApprovalRequestHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final ApprovalService approvals;

  /** Used by the Lambda runtime. */
  public ApprovalRequestHandler() {
    this(Config.fromEnvironment(System.getenv()));
  }

  private ApprovalRequestHandler(Config config) {
    this(config, AwsClients.create(config));
  }

  /** Used by the local runtime and tests. */
  public ApprovalRequestHandler(Config config, AwsClients clients) {
    Clock clock = Clock.systemUTC();
    this.approvals = new ApprovalService(new DynamoDbModelStore(clients.dynamoDb(), config.modelsTable(), clock), null,
        new SesMailer(clients.ses(), config.senderEmail()),
        new SecretsManagerSigningKey(clients.secretsManager(), config.approvalSecretArn()),
        Config.require(config.approvalBaseUrl(), "APPROVAL_BASE_URL or API_URL"), clock);
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    TaskInput task = new TaskInput(input);
    approvals.request(task.string("promotionId"), task.string("taskToken"));
    return Map.of();
  }
}
