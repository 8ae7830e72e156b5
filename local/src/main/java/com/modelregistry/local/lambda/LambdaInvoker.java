package com.modelregistry.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Invokes a template function in-process the way Lambda's Invoke API does: the payload is the JSON a
 * real Lambda would receive, the result is the JSON it would return.
 */
public interface LambdaInvoker {

  /**
   * @param function the function's ARN (e.g. {@code arn:aws:lambda:us-east-1:000000000000:function:NAME},
   *     optionally with a {@code :qualifier}) or its name
   * @throws LambdaFunctionError when the handler throws (as Lambda reports a function error)
   * @throws com.modelregistry.local.aws.AwsServiceError {@code ResourceNotFoundException} for an unknown function
   */
  JsonNode invoke(String function, JsonNode payload);
}
