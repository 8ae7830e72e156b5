package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.aws.AwsJsonService;
import com.modelregistry.local.aws.AwsServiceError;
import java.util.Optional;
import java.util.function.Function;

/**
 * Starts an execution of a state machine target with the event as its input, through the Step Functions
 * service registered on the local AWS endpoint (StartExecution, as EventBridge calls it).
 */
final class StepFunctionsTargetInvoker implements TargetInvoker {

  static final String TARGET_PREFIX = "AWSStepFunctions";

  private final Function<String, Optional<AwsJsonService>> services;

  StepFunctionsTargetInvoker(Function<String, Optional<AwsJsonService>> services) {
    this.services = services;
  }

  @Override
  public void deliver(EventTarget target, JsonNode input) throws DeliveryFailure {
    AwsJsonService stepFunctions = services.apply(TARGET_PREFIX).orElseThrow(() ->
        new DeliveryFailure("no Step Functions service runs on the local AWS endpoint", false));
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    request.put("stateMachineArn", target.arn());
    request.put("input", input.toString());
    try {
      stepFunctions.handle("StartExecution", request);
    } catch (AwsServiceError e) {
      throw new DeliveryFailure(e.errorType() + ": " + e.getMessage(),
          e.httpStatus() >= 500 || e.errorType().contains("Throttling"));
    }
  }
}
