package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.lambda.LambdaFunctionError;
import com.modelregistry.local.lambda.LambdaInvoker;

/**
 * Invokes a function in-process with the event, as EventBridge invokes Lambda (asynchronously: the
 * dispatcher's thread waits, PutEvents does not). A function error may be retried, as Lambda retries
 * asynchronous invocations; an unknown function can't be.
 */
final class LambdaTargetInvoker implements TargetInvoker {

  private final LambdaInvoker lambdas;

  LambdaTargetInvoker(LambdaInvoker lambdas) {
    this.lambdas = lambdas;
  }

  @Override
  public void deliver(EventTarget target, JsonNode input) throws DeliveryFailure {
    try {
      lambdas.invoke(target.arn(), input);
    } catch (LambdaFunctionError e) {
      throw new DeliveryFailure("function error " + e.errorType() + ": " + e.errorMessage(), true);
    } catch (AwsServiceError e) {
      throw new DeliveryFailure(e.errorType() + ": " + e.getMessage(),
          e.httpStatus() >= 500 || e.errorType().equals("TooManyRequestsException"));
    }
  }
}
