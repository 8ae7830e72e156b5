package com.modelregistry.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.modelregistry.aws.AwsClients;
import com.modelregistry.aws.Config;
import com.modelregistry.aws.DynamoDbModelStore;
import com.modelregistry.aws.SnapStartPriming;
import com.modelregistry.core.RegistryException;
import com.modelregistry.core.domain.ObservationPhase;
import com.modelregistry.core.promotion.GateReport;
import com.modelregistry.core.promotion.HealthReport;
import com.modelregistry.core.promotion.PromotionStatus;
import com.modelregistry.core.promotion.PromotionWorkflow;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The promotion state machine's task function: {@code {"action": ..., "promotionId": ..., ...}} in, a small
 * JSON object out (statemachines/promotion.asl.json reads it through ResultSelector). Each action is one
 * call of {@link PromotionWorkflow}. A failure is thrown: Step Functions sees the exception's class name as
 * the error ({@code com.modelregistry.core.ConcurrentUpdateException} is retried, the rest is caught and
 * rolled back).
 */
public final class WorkflowHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final PromotionWorkflow workflow;

  /** Used by the Lambda runtime. */
  public WorkflowHandler() {
    this(Config.fromEnvironment(System.getenv()));
    SnapStartPriming.register(() -> handleRequest(Map.of("action", "begin", "promotionId", "snapstart-priming"), null));
  }

  private WorkflowHandler(Config config) {
    this(config, AwsClients.create(config));
  }

  /** Used by the local runtime and tests. */
  public WorkflowHandler(Config config, AwsClients clients) {
    Clock clock = Clock.systemUTC();
    this.workflow = new PromotionWorkflow(new DynamoDbModelStore(clients.dynamoDb(), config.modelsTable(), clock), clock);
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    TaskInput task = new TaskInput(input);
    String promotionId = task.string("promotionId");
    Map<String, Object> output = new LinkedHashMap<>();
    switch (task.string("action")) {
      case "begin" -> {
        PromotionWorkflow.PlanSummary plan = workflow.begin(promotionId);
        output.put("hasShadow", plan.hasShadow());
        output.put("shadowSeconds", plan.shadowSeconds());
        output.put("approvalTimeoutSeconds", plan.approvalTimeoutSeconds());
        output.put("canarySteps", plan.canarySteps());
        output.put("bakeSeconds", plan.bakeSeconds());
      }
      case "evaluateGates" -> {
        GateReport report = workflow.evaluateGates(promotionId);
        output.put("passed", report.passed());
        output.put("failed", report.failedNames());
      }
      case "enterStaging" -> workflow.enterStaging(promotionId);
      case "startShadow" -> workflow.startShadow(promotionId);
      case "evaluateHealth" -> {
        HealthReport report = workflow.evaluateHealth(promotionId, ObservationPhase.parse(task.string("phase")));
        output.put("healthy", report.healthy());
        output.put("reasons", report.reasons());
      }
      case "shiftCanary" -> workflow.shiftCanary(promotionId, task.integer("percent"));
      case "promote" -> workflow.promote(promotionId);
      case "rollback" -> workflow.rollback(promotionId, outcome(task.string("outcome")), task.reason());
      default -> throw RegistryException.invalid("unknown action '" + task.string("action") + "'");
    }
    return output;
  }

  private static PromotionStatus outcome(String text) {
    try {
      return PromotionStatus.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw RegistryException.invalid("unknown rollback outcome '" + text + "'");
    }
  }
}
